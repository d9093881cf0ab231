package io.artstore.ingester.storage;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import io.netty.buffer.PooledByteBufAllocator;
import org.junit.jupiter.api.Test;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Sinks;
import reactor.test.StepVerifier;

import org.springframework.core.io.buffer.DataBuffer;
import org.springframework.core.io.buffer.DataBufferUtils;
import org.springframework.core.io.buffer.NettyDataBuffer;
import org.springframework.core.io.buffer.NettyDataBufferFactory;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Frames of at least the frame size, and nothing held when the stream stops: what a frame
 * was gathering goes to the discard hook, which the upload's own hook releases (applied
 * here as the upload applies it).
 */
class OutgoingFramesTests {

	private final NettyDataBufferFactory netty = new NettyDataBufferFactory(PooledByteBufAllocator.DEFAULT);

	@Test
	void piecesAreGatheredIntoFramesOfAtLeastTheSizeAndOnlyTheLastIsShorter() {
		List<DataBuffer> pieces = pieces(20, 3000);

		List<Integer> frames = new ArrayList<>();
		StepVerifier.create(OutgoingFrames.of(Flux.fromIterable(pieces), 10_000)).thenConsumeWhile((frame) -> {
			frames.add(frame.readableByteCount());
			DataBufferUtils.release(frame);
			return true;
		}).verifyComplete();

		assertThat(frames).containsExactly(12_000, 12_000, 12_000, 12_000, 12_000);
		assertReleased(pieces);
	}

	@Test
	void aCancelledStreamReleasesThePiecesOfTheFrameItWasGathering() {
		List<DataBuffer> pieces = pieces(3, 3000);
		Sinks.Many<DataBuffer> caller = Sinks.many().unicast().onBackpressureBuffer();
		pieces.forEach(caller::tryEmitNext);

		StepVerifier.create(releasedOnDiscard(OutgoingFrames.of(caller.asFlux(), 10_000)))
			.expectSubscription()
			.expectNoEvent(Duration.ofMillis(50))
			.thenCancel()
			.verify(Duration.ofSeconds(5));

		assertReleased(pieces);
	}

	@Test
	void aFailedStreamReleasesThePiecesOfTheFrameItWasGathering() {
		List<DataBuffer> pieces = pieces(3, 3000);

		StepVerifier
			.create(releasedOnDiscard(OutgoingFrames
				.of(Flux.fromIterable(pieces).concatWith(Flux.error(new IllegalStateException("broken"))), 10_000)))
			.verifyErrorMessage("broken");

		assertReleased(pieces);
	}

	private static Flux<DataBuffer> releasedOnDiscard(Flux<DataBuffer> frames) {
		return frames.doOnDiscard(DataBuffer.class, DataBufferUtils::release);
	}

	private List<DataBuffer> pieces(int count, int size) {
		List<DataBuffer> pieces = new ArrayList<>();
		for (int i = 0; i < count; i++) {
			DataBuffer piece = this.netty.allocateBuffer(size);
			piece.writePosition(size);
			pieces.add(piece);
		}
		return pieces;
	}

	private static void assertReleased(List<DataBuffer> pieces) {
		assertThat(pieces).allSatisfy((piece) -> assertThat(((NettyDataBuffer) piece).getNativeBuffer().refCnt())
			.as("references left to a piece")
			.isZero());
	}

}
