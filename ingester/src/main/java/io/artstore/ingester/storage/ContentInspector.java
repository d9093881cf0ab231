package io.artstore.ingester.storage;

import java.nio.ByteBuffer;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

import reactor.core.publisher.Flux;

import org.springframework.core.io.buffer.DataBuffer;
import org.springframework.core.io.buffer.DataBufferUtils;

import io.artstore.ingester.problem.ProblemException;
import io.artstore.ingester.problem.ProblemType;

/**
 * Measures a file as it streams through: its size and SHA-256, without copying it. Fails
 * the stream with a 413 as soon as the file grows past the limit, and drops empty chunks.
 */
public final class ContentInspector {

	private final MessageDigest sha256;

	private final long maxBytes;

	private long size;

	/**
	 * A measure for one stream.
	 * @param maxBytes the most it may carry
	 */
	public ContentInspector(long maxBytes) {
		this.maxBytes = maxBytes;
		try {
			this.sha256 = MessageDigest.getInstance("SHA-256");
		}
		catch (NoSuchAlgorithmException ex) {
			throw new IllegalStateException(ex);
		}
	}

	/**
	 * The content, measured as it passes.
	 * @param content the bytes, subscribed once
	 * @return the same bytes; fails with a 413 problem past {@code maxBytes}
	 */
	public Flux<DataBuffer> inspect(Flux<DataBuffer> content) {
		return content.handle((buffer, sink) -> {
			int length = buffer.readableByteCount();
			if (length == 0) {
				DataBufferUtils.release(buffer);
				return;
			}
			this.size += length;
			if (this.size > this.maxBytes) {
				DataBufferUtils.release(buffer);
				sink.error(tooLarge(this.maxBytes));
				return;
			}
			try (DataBuffer.ByteBufferIterator chunks = buffer.readableByteBuffers()) {
				while (chunks.hasNext()) {
					ByteBuffer chunk = chunks.next();
					this.sha256.update(chunk);
				}
			}
			sink.next(buffer);
		});
	}

	/** The bytes that passed so far. */
	public long size() {
		return this.size;
	}

	/**
	 * The SHA-256 of everything inspected, in lower-case hex; call once, after the stream
	 * completed.
	 */
	public String checksum() {
		return HexFormat.of().formatHex(this.sha256.digest());
	}

	/**
	 * The 413 problem of a file over the limit.
	 * @param maxBytes the limit
	 * @return the problem
	 */
	public static ProblemException tooLarge(long maxBytes) {
		return new ProblemException(ProblemType.FILE_TOO_LARGE,
				"The file is larger than the limit of " + maxBytes + " bytes");
	}

}
