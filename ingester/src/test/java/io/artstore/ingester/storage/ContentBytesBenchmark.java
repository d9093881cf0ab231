package io.artstore.ingester.storage;

import java.nio.ByteBuffer;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.List;

import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.TearDown;

import org.springframework.core.io.buffer.DataBuffer;
import org.springframework.core.io.buffer.DataBufferUtils;

import io.artstore.ingester.support.PerByteBenchmark;
import io.artstore.ingester.support.ReadPieces;

/**
 * The per-byte work of the storage side of an upload, over 256 MiB in the pieces the
 * server reads: the SHA-256 as {@link ContentInspector} computes it, the copy into frames
 * that {@link OutgoingFrames} makes, and the same two done directly, without the Reactor
 * operators around them. Reactor's part here is a lower bound: the pieces come from a
 * synchronous source, where the server's come one by one from its event loop.
 */
public class ContentBytesBenchmark extends PerByteBenchmark {

	static final int FRAME_SIZE = 64 * 1024;

	private ReadPieces pieces;

	@Setup
	public void cut() {
		this.pieces = file();
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

	/**
	 * The copy alone: the pieces gathered into frames of at least 64 KiB and joined by
	 * {@link OutgoingFrames}, without the Reactor operator that gathers them there.
	 */
	@Benchmark
	public long copy() {
		Frames frames = new Frames();
		this.pieces.flux().doOnNext(frames::add).then().block();
		frames.close();
		return frames.count;
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

	/** Frames made without Reactor, and released at once. */
	private static final class Frames {

		private final List<DataBuffer> gathered = new ArrayList<>();

		private int size;

		private long count;

		void add(DataBuffer piece) {
			this.gathered.add(piece);
			this.size += piece.readableByteCount();
			if (this.size >= FRAME_SIZE) {
				close();
			}
		}

		void close() {
			if (this.gathered.isEmpty()) {
				return;
			}
			DataBufferUtils.release(OutgoingFrames.join(this.gathered));
			this.gathered.clear();
			this.size = 0;
			this.count++;
		}

	}

}
