package io.artstore.ingester.storage;

import java.util.List;

import reactor.core.publisher.Flux;

import org.springframework.core.io.buffer.DataBuffer;
import org.springframework.core.io.buffer.DataBufferUtils;

/**
 * Gathers a file's content into frames of at least a given size before it goes to an
 * element. The caller's stream arrives in pieces of up to
 * {@code ingester.http.max-chunk-size}, often a few KiB (what one socket read and the
 * multipart parser make of it, and a client that writes 8 KiB at a time gives 8 KiB
 * reads); sent as they come, each piece is one HTTP chunk that the element parses, hashes
 * and writes on its own: 36,388 chunks for 256 MiB, which cost a Python element three
 * times the CPU of the same file sent in 64 KiB reads. The pieces are copied into one
 * buffer from their own allocator (Netty's pool for what the caller sent) and released at
 * once, so that a frame has one owner: a composite buffer over the pieces was seen to
 * leak when an element reset the connection mid-write (NothingLostTests). Only the last
 * frame may be smaller, so a first frame smaller than the size is the whole file.
 */
final class OutgoingFrames {

	private OutgoingFrames() {
	}

	/**
	 * The content in frames.
	 * @param content the file's content
	 * @param frameSize the least bytes per frame, but for the last
	 * @return the frames; pieces held when the stream is cancelled or fails go to the
	 * discard hook, which the upload's own hook
	 * ({@code PartEventParser.releasingDiscarded}) releases: a second hook here would
	 * release them twice, as Reactor's hooks add up
	 */
	static Flux<DataBuffer> of(Flux<DataBuffer> content, int frameSize) {
		return Flux.defer(() -> {
			long[] gathered = new long[1];
			return content.bufferUntil((buffer) -> {
				gathered[0] += buffer.readableByteCount();
				if (gathered[0] < frameSize) {
					return false;
				}
				gathered[0] = 0;
				return true;
			});
		}).map(OutgoingFrames::join);
	}

	/**
	 * One frame of some pieces, which it releases: a single piece is the frame itself.
	 * @param pieces the pieces, in order
	 * @return the frame
	 */
	static DataBuffer join(List<DataBuffer> pieces) {
		if (pieces.size() == 1) {
			return pieces.get(0);
		}
		int size = 0;
		for (DataBuffer piece : pieces) {
			size += piece.readableByteCount();
		}
		DataBuffer frame = pieces.get(0).factory().allocateBuffer(size);
		try {
			for (DataBuffer piece : pieces) {
				frame.write(piece);
			}
			return frame;
		}
		catch (RuntimeException ex) {
			DataBufferUtils.release(frame);
			throw ex;
		}
		finally {
			pieces.forEach(DataBufferUtils::release);
		}
	}

}
