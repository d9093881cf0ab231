package io.artstore.ingester.storage;

import java.util.HexFormat;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * What {@link ContentBytesBenchmark} times is the work it names: each pair of variants
 * gives the same result, and every piece is released (the build's leak detection fails
 * this class otherwise).
 */
class ContentBytesBenchmarkTests {

	@ParameterizedTest
	@ValueSource(ints = { 8192, 65536 })
	void eachVariantDoesTheSameWorkOverEveryByte(int pieceSize) throws Exception {
		ContentBytesBenchmark benchmark = new ContentBytesBenchmark();
		benchmark.pieceSize = pieceSize;
		benchmark.bytes = 1024 * 1024 + 1000;
		benchmark.cut();
		try {
			String checksum = benchmark.inspect();
			assertThat(checksum).hasSize(64).isEqualTo(HexFormat.of().formatHex(benchmark.sha256()));
			assertThat(benchmark.inspect()).as("the same pieces, read again").isEqualTo(checksum);
			assertThat(benchmark.frames()).isEqualTo(benchmark.copy())
				.as("16 frames of 64 KiB and the rest")
				.isEqualTo(17);
			assertThat(benchmark.replayCopy()).isEqualTo(benchmark.bytes);
		}
		finally {
			benchmark.release();
		}
	}

}
