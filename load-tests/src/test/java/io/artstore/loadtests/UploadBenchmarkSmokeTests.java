package io.artstore.loadtests;

import java.nio.file.Files;
import java.nio.file.Path;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A small run of the upload benchmark in every build, so that it cannot rot: the same
 * code path as {@code bash benchmarks/run} (the ingester's jar started as the README runs
 * it, Gatling as the load, closed and open workloads), tiny sizes. It needs nothing
 * outside the JVM and the test services.
 */
class UploadBenchmarkSmokeTests {

	@TempDir
	Path work;

	@Test
	void smallBenchmarkRunWritesAReportWithEveryMeasurementAndGatlingReports() throws Exception {
		Path jar = Path.of(System.getProperty("ingester.jar"));
		assertThat(jar).as("the ingester's jar, built before this module").isRegularFile();

		String report = UploadBenchmark.run(UploadBenchmark.Settings.smoke(this.work, jar));

		assertThat(Files.readString(this.work.resolve("benchmarks.md"))).isEqualTo(report);
		assertThat(report)
			.contains("## Targets", "## 0. Warm-up", "## 1. Throughput", "## 2. Memory", "## 3. Latency and rate",
					"### At saturation", "### At the original target rates", "### Latency against load",
					"## Gatling reports")
			.containsPattern(
					"\\| reference element \\| JDK \\d+, java -XX:\\+UseSerialGC -jar \\| \\d+\\.\\d \\| \\d+\\.\\d \\| "
							+ "\\d+\\.\\d\\d \\| \\d+\\.\\d\\d \\| \\d+\\.\\d\\d \\| \\d+\\.\\d\\d \\| \\d+\\.\\d\\d \\| \\d+, \\d+ \\| 0 \\|")
			.containsPattern("- reference element, shared cores: \\*\\*ratio \\d+\\.\\d\\d\\*\\*")
			// the ingester's CPU per large upload, its kernel and JIT shares
			.containsPattern(
					"\\| reference element \\| shared cores \\| through the ingester \\| [^|]+ \\| [^|]+ \\| - "
							+ "\\| \\d+\\.\\d\\d \\| \\d+\\.\\d\\d \\| \\d+\\.\\d\\d \\|")
			.containsPattern("\\| ≤ 0\\.4 s ingester CPU per 256 MiB \\(shared cores\\) \\| reference element \\| "
					+ "\\d+\\.\\d\\d s \\(kernel \\d+\\.\\d\\d s, JIT compiler \\d+\\.\\d\\d s\\) \\| ")
			// a started ingester's heap holds tens of MiB: at least 10
			.containsPattern("\\| nothing \\(started\\) \\| - \\| [1-9]\\d+\\.\\d \\|")
			.containsPattern("\\| 2 MiB \\| \\d+\\.\\d \\| [1-9]\\d+\\.\\d \\| 201 \\|")
			// at saturation, then at 10/s (open model), then the curve at 20/s
			.containsPattern("\\| reference element \\| 10 KiB \\| 2 \\| 40 \\| \\d+\\.\\d / \\d+\\.\\d \\| \\d+\\.\\d "
					+ "\\| \\d+\\.\\d\\d \\| \\d+\\.\\d / \\d+\\.\\d \\| \\d+\\.\\d \\| - \\| 50 ms \\| 0 / 0 \\|")
			.containsPattern(
					"\\| reference element \\| 10 KiB \\| 10 \\| 40 \\| \\d+\\.\\d \\| \\d+\\.\\d \\| \\d+\\.\\d \\| "
							+ "\\d+\\.\\d / \\d+\\.\\d \\| 50 ms \\| 0 / 0 \\|")
			.containsPattern("\\| reference element \\| 20 \\| 20 \\| \\d+\\.\\d / \\d+\\.\\d \\| \\d+\\.\\d \\| "
					+ "\\d+\\.\\d / \\d+\\.\\d \\| \\d+\\.\\d \\| 0 / 0 \\|")
			// another build's ingester beside this one (here the same jar, JVM defaults)
			.contains("## 4. Before and after")
			.containsPattern("\\| reference element \\| straight to the element \\| \\d+\\.\\d \\([^)]+\\) \\|")
			.containsPattern("\\| reference element \\| JDK \\d+, java -jar, before \\(ingester-[^)]+\\.jar\\) "
					+ "\\| \\d+\\.\\d \\([^)]+\\) \\| \\d+\\.\\d\\d \\| \\d+\\.\\d\\d \\| \\d+ \\(\\d+, \\d+\\) "
					+ "\\| \\d+\\.\\d\\d \\| \\d+, \\d+ \\| 0 \\|")
			.containsPattern("\\| reference element \\| JDK \\d+, java -XX:\\+UseSerialGC -jar, this build "
					+ "\\| \\d+\\.\\d \\([^)]+\\) \\| \\d+\\.\\d\\d \\| \\d+\\.\\d\\d \\| \\d+ \\(\\d+, \\d+\\) "
					+ "\\| \\d+\\.\\d\\d \\| \\d+, \\d+ \\| 0 \\|")
			.contains("The ingester logged no failed upload during the runs.");
		if (CurlUpload.available()) {
			assertThat(report)
				.containsPattern("- reference element, shared cores, curl: \\*\\*ratio \\d+\\.\\d\\d\\*\\*");
		}
		if (CpuPinning.available()) {
			assertThat(report).containsPattern("- reference element, separate cores: \\*\\*ratio \\d+\\.\\d\\d\\*\\*");
		}
		// every linked Gatling report exists, with its global row
		java.util.regex.Matcher links = java.util.regex.Pattern.compile("\\]\\(([^)]+/index\\.html)\\)")
			.matcher(report);
		int linked = 0;
		while (links.find()) {
			assertThat(this.work.resolve(links.group(1))).content().contains("<tr id=\"ROOT\"");
			linked++;
		}
		assertThat(linked).as("Gatling reports linked").isEqualTo(2 * 3 + 2);
	}

}
