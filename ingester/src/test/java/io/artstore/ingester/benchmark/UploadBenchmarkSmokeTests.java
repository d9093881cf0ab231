package io.artstore.ingester.benchmark;

import java.nio.file.Files;
import java.nio.file.Path;

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
			.contains("## 1. Throughput", "## 2. Memory", "## 3. Latency and rate", "### At saturation",
					"### At the original target rates")
			.containsPattern("- shared cores: \\*\\*ratio \\d+\\.\\d\\d\\*\\*")
			.containsPattern("\\| 2 MiB \\| \\d+\\.\\d \\| \\d+\\.\\d \\| 201 \\|")
			.containsPattern(
					"\\| 10 KiB \\| 2 \\| 4 \\| \\d+\\.\\d \\| \\d+\\.\\d \\| \\d+\\.\\d \\| \\d+\\.\\d / \\d+\\.\\d \\| \\d+\\.\\d \\| 50 ms \\| 0 / 0 \\|")
			.containsPattern(
					"\\| 10 KiB \\| 2 \\| 20 \\| 4 \\| \\d+\\.\\d \\| \\d+\\.\\d \\| \\d+\\.\\d \\| \\d+\\.\\d / \\d+\\.\\d \\| 50 ms \\| 0 / 0 \\|")
			.contains("The ingester logged no failed upload during the runs.");
		if (CpuPinning.available()) {
			assertThat(report).containsPattern("- separate cores: \\*\\*ratio \\d+\\.\\d\\d\\*\\*");
		}
	}

}
