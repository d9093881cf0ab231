package io.artstore.ingester.storage;

import java.nio.ByteBuffer;
import java.security.MessageDigest;
import java.util.concurrent.TimeUnit;

import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

import org.springframework.core.io.buffer.DataBuffer;
import org.springframework.core.io.buffer.DataBufferUtils;

import io.artstore.ingester.support.ReadPieces;

/**
 * The per-byte work of the storage side of an upload, over 256 MiB in the pieces the
 * server reads: the SHA-256 as {@link ContentInspector} computes it, the copy into frames
 * that {@link OutgoingFrames} makes, and the same two done directly, without the Reactor
 * operators around them. Run by {@code bash benchmarks/byte-path}; each score is
 * milliseconds per 256 MiB.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Fork(value = 1, jvmArgsAppend = "-XX:+UseSerialGC")
@Warmup(iterations = 4, time = 2)
@Measurement(iterations = 5, time = 2)
public class ContentBytesBenchmark {

	static final int FRAME_SIZE = 64 * 1024;

	@Param({ "8192", "65536" })
	int pieceSize;

	/** 256 MiB; the tests of this benchmark use less. */
	@Param("268435456")
	int bytes;

	private ReadPieces pieces;

	@Setup
	public void cut() {
		this.pieces = ReadPieces.of(ReadPieces.random(this.bytes, 1), this.pieceSize);
	}

	@TearDown
	public void release() {
		this.pieces.close();
	}

	/** The SHA-256 and size, through {@link ContentInspector#inspect}. */
	@Benchmark
	public String inspect() {
		ContentInspector inspector = new ContentInspector(Long.MAX_VALUE);
		inspector.inspect(this.pieces.flux()).doOnNext(DataBufferUtils::release).then().block();
		return inspector.checksum();
	}

	/** The SHA-256 alone: {@link MessageDigest} over each piece's direct memory. */
	@Benchmark
	public byte[] sha256() throws Exception {
		MessageDigest sha256 = MessageDigest.getInstance("SHA-256");
		this.pieces.flux().doOnNext((piece) -> {
			try (DataBuffer.ByteBufferIterator views = piece.readableByteBuffers()) {
				views.forEachRemaining(sha256::update);
			}
			DataBufferUtils.release(piece);
		}).then().block();
		return sha256.digest();
	}

	/** The frames an element receives, through {@link OutgoingFrames#of}. */
	@Benchmark
	public long frames() {
		return OutgoingFrames.of(this.pieces.flux(), FRAME_SIZE)
			.doOnNext(DataBufferUtils::release)
			.count()
			.blockOptional()
			.orElseThrow();
	}

	/** The copy alone: each piece written into frames of at least 64 KiB. */
	@Benchmark
	public long copy() {
		long[] frames = new long[1];
		DataBuffer[] frame = new DataBuffer[1];
		this.pieces.flux().doOnNext((piece) -> {
			if (frame[0] == null) {
				frame[0] = piece.factory().allocateBuffer(FRAME_SIZE + this.pieceSize);
			}
			frame[0].write(piece);
			DataBufferUtils.release(piece);
			if (frame[0].readableByteCount() >= FRAME_SIZE) {
				DataBufferUtils.release(frame[0]);
				frame[0] = null;
				frames[0]++;
			}
		}).then().block();
		if (frame[0] != null) {
			DataBufferUtils.release(frame[0]);
			frames[0]++;
		}
		return frames[0];
	}

	/**
	 * The heap copy that keeps the first {@code ingester.storage.replay-buffer} bytes for
	 * another attempt ({@link ReplayableContent}), here over all 256 MiB: scale by the
	 * share of the file it keeps.
	 */
	@Benchmark
	public long replayCopy() {
		long[] copied = new long[1];
		this.pieces.flux().doOnNext((piece) -> {
			int length = piece.readableByteCount();
			byte[] copy = new byte[length];
			piece.toByteBuffer(piece.readPosition(), ByteBuffer.wrap(copy), 0, length);
			copied[0] += copy.length;
			DataBufferUtils.release(piece);
		}).then().block();
		return copied[0];
	}

}
