package io.artstore.ingester.support;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.PooledByteBufAllocator;
import reactor.core.publisher.Flux;

import org.springframework.core.io.buffer.DataBuffer;
import org.springframework.core.io.buffer.NettyDataBufferFactory;

/**
 * Bytes as the ingester's server reads them: pieces of pooled direct memory from Netty's
 * allocator, handed on as Spring {@link DataBuffer}s. For microbenchmarks, which read the
 * same pieces again and again: each {@link #flux()} hands out fresh views of them that
 * whoever takes them releases, as the ingester releases what it read.
 */
public final class ReadPieces implements AutoCloseable {

	private static final NettyDataBufferFactory FACTORY = new NettyDataBufferFactory(PooledByteBufAllocator.DEFAULT);

	private final List<ByteBuf> pieces;

	private ReadPieces(List<ByteBuf> pieces) {
		this.pieces = pieces;
	}

	/**
	 * Some bytes cut into pieces.
	 * @param bytes the bytes
	 * @param pieceSize the most bytes per piece; the last may be shorter
	 * @return the pieces
	 */
	public static ReadPieces of(byte[] bytes, int pieceSize) {
		List<ByteBuf> pieces = new ArrayList<>(bytes.length / pieceSize + 1);
		for (int at = 0; at < bytes.length; at += pieceSize) {
			int length = Math.min(pieceSize, bytes.length - at);
			pieces.add(PooledByteBufAllocator.DEFAULT.directBuffer(length).writeBytes(bytes, at, length));
		}
		return new ReadPieces(pieces);
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
		return Flux.fromIterable(this.pieces).map((piece) -> FACTORY.wrap(piece.retainedDuplicate()));
	}

	@Override
	public void close() {
		this.pieces.forEach(ByteBuf::release);
	}

}
