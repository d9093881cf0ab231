package io.artstore.ingester.benchmark;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A small run of the upload benchmark in every build, so that it cannot rot: same code
 * path as {@code bash benchmarks/run}, tiny sizes. It needs nothing outside the JVM and
 * the test services.
 */
class UploadBenchmarkSmokeTests {

	@TempDir
	Path work;

	@Test
	void smallBenchmarkRunWritesAReportWithEveryMeasurement() throws Exception {
		String report = UploadBenchmark.run(UploadBenchmark.Settings.smoke(this.work));

		assertThat(Files.readString(this.work.resolve("benchmarks.md"))).isEqualTo(report);
		assertThat(report)
			.contains("## Targets", "## Charts", "## 1. Throughput", "## 2. Memory", "## 3. Latency and rate",
					"### At saturation", "### At the original target rates", "### Latency against load")
			.containsPattern("- reference element, shared cores: \\*\\*ratio \\d+\\.\\d\\d\\*\\*")
			.containsPattern("\\| 2 MiB \\| \\d+\\.\\d \\| \\d+\\.\\d \\| 201 \\|")
			.containsPattern("\\| reference element \\| 10 KiB \\| 2 \\| 4 \\| \\d+\\.\\d / \\d+\\.\\d \\| \\d+\\.\\d "
					+ "\\| \\d+\\.\\d\\d \\| \\d+\\.\\d / \\d+\\.\\d \\| \\d+\\.\\d \\| - \\| 50 ms \\| 0 / 0 \\|")
			.containsPattern("\\| reference element \\| 10 KiB \\| 2 \\| 20 \\| 4 \\| \\d+\\.\\d \\| \\d+\\.\\d \\| "
					+ "\\d+\\.\\d \\| \\d+\\.\\d / \\d+\\.\\d \\| 50 ms \\| 0 / 0 \\|")
			.containsPattern("\\| reference element \\| 20 \\| 2 \\| 20 \\| \\d+\\.\\d / \\d+\\.\\d \\| \\d+\\.\\d \\| "
					+ "\\d+\\.\\d / \\d+\\.\\d \\| \\d+\\.\\d \\| 0 / 0 \\|")
			.contains("The ingester logged no failed upload during the runs.");
		if (CpuPinning.available()) {
			assertThat(report).containsPattern("- reference element, separate cores: \\*\\*ratio \\d+\\.\\d\\d\\*\\*");
		}
		for (String chart : List.of(UploadBenchmark.CHART_THROUGHPUT, UploadBenchmark.CHART_RATE,
				UploadBenchmark.CHART_LATENCY)) {
			assertThat(report).contains("](" + chart + ")");
			assertThat(this.work.resolve(chart)).content().startsWith("<svg").contains("reference");
		}
	}

}
