package io.artstore.ingester.storage;

import java.security.MessageDigest;
import java.util.HexFormat;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import io.artstore.ingester.support.PerByteBenchmark;
import io.artstore.ingester.support.ReadPieces;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * What {@link ContentBytesBenchmark} times is the work it names: each variant goes over
 * every byte of the stream, each pair gives the same result, and every piece is released
 * (closing the pieces fails otherwise, as does the build's leak detection).
 */
class ContentBytesBenchmarkTests {

	@ParameterizedTest
	@ValueSource(ints = { 8192, 65536 })
	void eachVariantDoesTheSameWorkOverEveryByte(int pieceSize) throws Exception {
		ContentBytesBenchmark benchmark = new ContentBytesBenchmark();
		benchmark.pieceSize = pieceSize;
		benchmark.bytes = 3 * PerByteBenchmark.DISTINCT_BYTES + 1000;
		benchmark.cut();
		try {
			String checksum = sha256OfTheStream(benchmark.bytes);
			assertThat(benchmark.inspect()).isEqualTo(checksum);
			assertThat(benchmark.inspect()).as("the same pieces, read again").isEqualTo(checksum);
			assertThat(HexFormat.of().formatHex(benchmark.sha256())).isEqualTo(checksum);
			assertThat(benchmark.frames()).as("48 frames of 64 KiB and the rest")
				.isEqualTo(49)
				.isEqualTo(benchmark.copy());
			assertThat(benchmark.replayCopy()).isEqualTo(benchmark.bytes);
		}
		finally {
			benchmark.release();
		}
	}

	/** The 1 MiB the benchmark cycles through, over and over. */
	private static String sha256OfTheStream(long bytes) throws Exception {
		byte[] distinct = ReadPieces.random(PerByteBenchmark.DISTINCT_BYTES, 1);
		MessageDigest sha256 = MessageDigest.getInstance("SHA-256");
		for (long left = bytes; left > 0; left -= distinct.length) {
			sha256.update(distinct, 0, (int) Math.min(left, distinct.length));
		}
		return HexFormat.of().formatHex(sha256.digest());
	}

}
