package io.artstore.ingester.upload;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * What {@link MultipartParseBenchmark} times is a whole parse: every byte of the file
 * comes out, again on every run, and every piece is released (the build's leak detection
 * fails this class otherwise).
 */
class MultipartParseBenchmarkTests {

	@ParameterizedTest
	@ValueSource(ints = { 8192, 65536 })
	void everyRunParsesTheWholeFile(int pieceSize) {
		MultipartParseBenchmark benchmark = new MultipartParseBenchmark();
		benchmark.pieceSize = pieceSize;
		benchmark.bytes = 3 * 1024 * 1024 + 1000;
		benchmark.cut();
		try {
			assertThat(benchmark.parse()).isEqualTo(benchmark.bytes);
			assertThat(benchmark.parse()).isEqualTo(benchmark.bytes);
		}
		finally {
			benchmark.release();
		}
	}

}
