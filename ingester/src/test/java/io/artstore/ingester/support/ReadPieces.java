package io.artstore.ingester.support;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import reactor.core.publisher.Flux;

import org.springframework.core.io.buffer.DataBuffer;
import org.springframework.core.io.buffer.NettyDataBufferFactory;

/**
 * Bytes as the ingester's server reads them: pieces of direct memory from Netty's default
 * allocator (the one Reactor Netty reads into), handed on as Spring {@link DataBuffer}s.
 * For microbenchmarks: a stream of any length cycles through a small set of pieces, so
 * that, as on the server, each piece is still in the CPU's caches when it is worked on
 * (the kernel has just written it there), and each {@link #flux()} hands out fresh views
 * of them that whoever takes them releases, as the ingester releases what it read.
 */
public final class ReadPieces implements AutoCloseable {

	private static final NettyDataBufferFactory FACTORY = new NettyDataBufferFactory(ByteBufAllocator.DEFAULT);

	private final List<ByteBuf> pieces;

	private final long total;

	private ReadPieces(List<ByteBuf> pieces, long total) {
		this.pieces = pieces;
		this.total = total;
	}

	/**
	 * A stream that cycles through some bytes, cut into pieces.
	 * @param bytes the bytes
	 * @param pieceSize the most bytes per piece
	 * @param total how many bytes the stream carries; the last piece is cut short
	 * @return the pieces
	 */
	public static ReadPieces cycling(byte[] bytes, int pieceSize, long total) {
		List<ByteBuf> pieces = new ArrayList<>(bytes.length / pieceSize + 1);
		for (int at = 0; at < bytes.length; at += pieceSize) {
			int length = Math.min(pieceSize, bytes.length - at);
			pieces.add(ByteBufAllocator.DEFAULT.directBuffer(length).writeBytes(bytes, at, length));
		}
		return new ReadPieces(pieces, total);
	}

	/**
	 * Some bytes once, in one piece.
	 * @param bytes the bytes
	 * @return the piece
	 */
	public static ReadPieces once(byte[] bytes) {
		return cycling(bytes, bytes.length, bytes.length);
	}

	/**
	 * Random bytes, the same for every seed.
	 * @param count how many
	 * @param seed the seed
	 * @return the bytes
	 */
	public static byte[] random(int count, long seed) {
		byte[] bytes = new byte[count];
		new SplittableRandom(seed).nextBytes(bytes);
		return bytes;
	}

	/** The pieces, as views of their own that the subscriber releases. */
	public Flux<DataBuffer> flux() {
		return Flux.generate(() -> new long[2], (state, sink) -> {
			long left = this.total - state[0];
			if (left <= 0) {
				sink.complete();
				return state;
			}
			ByteBuf piece = this.pieces.get((int) (state[1]++ % this.pieces.size()));
			int length = (int) Math.min(piece.readableBytes(), left);
			state[0] += length;
			sink.next(FACTORY.wrap(piece.retainedSlice(piece.readerIndex(), length)));
			return state;
		});
	}

	/**
	 * Releases the pieces.
	 * @throws IllegalStateException if a view of them was not released
	 */
	@Override
	public void close() {
		for (ByteBuf piece : this.pieces) {
			int views = piece.refCnt() - 1;
			piece.release(piece.refCnt());
			if (views != 0) {
				throw new IllegalStateException(views + " view(s) of a piece were not released");
			}
		}
	}

}
