package io.artstore.ingester.storage;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;

import io.netty.buffer.PooledByteBufAllocator;
import io.netty.buffer.Unpooled;
import org.junit.jupiter.api.Test;
import reactor.core.publisher.Flux;
import reactor.test.StepVerifier;

import org.springframework.core.io.buffer.DataBuffer;
import org.springframework.core.io.buffer.DataBufferUtils;
import org.springframework.core.io.buffer.DefaultDataBufferFactory;
import org.springframework.core.io.buffer.NettyDataBufferFactory;

import static org.assertj.core.api.Assertions.assertThat;

class ReplayableContentTests {

	private final AtomicInteger subscriptions = new AtomicInteger();

	private final ReplayBudget budget = new ReplayBudget(1024);

	@Test
	void secondAttemptReplaysWhatTheFirstConsumedThenContinues() {
		ReplayableContent content = new ReplayableContent(source("a", "b", "c", "d"), 1024, this.budget);

		StepVerifier.create(content.attempt().map(ReplayableContentTests::text).take(2))
			.expectNext("a", "b")
			.verifyComplete();
		StepVerifier.create(content.attempt().map(ReplayableContentTests::text))
			.expectNext("a", "b", "c", "d")
			.expectComplete()
			.verify(Duration.ofSeconds(5));
		assertThat(this.subscriptions).as("the caller's stream is read once").hasValue(1);
	}

	@Test
	void attemptAfterTheSourceCompletedReplaysEverything() {
		ReplayableContent content = new ReplayableContent(source("a", "b"), 1024, this.budget);

		StepVerifier.create(content.attempt().map(ReplayableContentTests::text)).expectNext("a", "b").verifyComplete();
		StepVerifier.create(content.attempt().map(ReplayableContentTests::text)).expectNext("a", "b").verifyComplete();
	}

	@Test
	void noFurtherAttemptOnceMoreThanTheLimitWasRead() {
		ReplayableContent content = new ReplayableContent(source("aaaa", "bbbb", "cccc"), 6, this.budget);

		StepVerifier.create(content.attempt().map(ReplayableContentTests::text))
			.expectNext("aaaa", "bbbb", "cccc")
			.verifyComplete();
		assertThat(content.canStartAttempt()).isFalse();
		StepVerifier.create(content.attempt()).expectError(ContentNotReplayableException.class).verify();
	}

	@Test
	void aFailingSourceFailsTheAttempt() {
		ReplayableContent content = new ReplayableContent(
				source("a").concatWith(Flux.error(new IllegalStateException("caller went away"))), 1024, this.budget);

		StepVerifier.create(content.attempt().map(ReplayableContentTests::text))
			.expectNext("a")
			.expectErrorMessage("caller went away")
			.verify();
	}

	@Test
	void noFurtherAttemptWhenTheSharedBudgetRanOut() {
		ReplayBudget small = new ReplayBudget(5);
		ReplayableContent content = new ReplayableContent(source("aaaa", "bbbb"), 1024, small);

		StepVerifier.create(content.attempt().map(ReplayableContentTests::text))
			.expectNext("aaaa", "bbbb")
			.verifyComplete();
		assertThat(content.canStartAttempt()).isFalse();
		assertThat(small.available()).as("the budget taken so far was given back").isEqualTo(5);
	}

	@Test
	void disposingGivesTheReplayCopyBackToTheBudget() {
		ReplayableContent content = new ReplayableContent(source("aaaa", "bbbb"), 1024, this.budget);

		StepVerifier.create(content.attempt().map(ReplayableContentTests::text))
			.expectNext("aaaa", "bbbb")
			.verifyComplete();
		assertThat(this.budget.available()).isEqualTo(1024 - 8);
		content.dispose();
		assertThat(this.budget.available()).isEqualTo(1024);
	}

	/**
	 * A replay meets the same kind of buffer as the first attempt: frames allocated from
	 * a replayed chunk come from the server's allocator, not the heap.
	 */
	@Test
	void replayedChunksComeFromTheCallersBufferFactory() {
		NettyDataBufferFactory server = new NettyDataBufferFactory(PooledByteBufAllocator.DEFAULT);
		Flux<DataBuffer> source = Flux.just("a", "b")
			.map((chunk) -> server.wrap(Unpooled.copiedBuffer(chunk, StandardCharsets.UTF_8)));
		ReplayableContent content = new ReplayableContent(source, 1024, this.budget);

		StepVerifier.create(content.attempt().map(ReplayableContentTests::text)).expectNext("a", "b").verifyComplete();
		StepVerifier.create(content.attempt().map((buffer) -> {
			assertThat(buffer.factory()).isSameAs(server);
			return text(buffer);
		})).expectNext("a", "b").verifyComplete();
	}

	private Flux<DataBuffer> source(String... chunks) {
		return Flux.fromArray(chunks)
			.map((chunk) -> DefaultDataBufferFactory.sharedInstance.wrap(chunk.getBytes(StandardCharsets.UTF_8)))
			.cast(DataBuffer.class)
			.doOnSubscribe((subscription) -> this.subscriptions.incrementAndGet());
	}

	private static String text(DataBuffer buffer) {
		String text = buffer.toString(StandardCharsets.UTF_8);
		DataBufferUtils.release(buffer);
		return text;
	}

}
