package io.artstore.ingester.upload;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.atomic.AtomicBoolean;

import io.netty.buffer.UnpooledByteBufAllocator;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import reactor.core.publisher.Flux;
import reactor.core.scheduler.Scheduler;
import reactor.core.scheduler.Schedulers;
import reactor.test.StepVerifier;
import reactor.test.publisher.TestPublisher;

import org.springframework.core.io.buffer.DataBuffer;
import org.springframework.core.io.buffer.DataBufferUtils;
import org.springframework.core.io.buffer.NettyDataBuffer;
import org.springframework.core.io.buffer.NettyDataBufferFactory;
import org.springframework.util.unit.DataSize;

import io.artstore.ingester.problem.ProblemException;
import io.artstore.ingester.problem.ProblemType;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * {@link UploadPace#paced}: a pause longer than the idle timeout ends the body with 408,
 * found by the one timer an upload has, which ends with the body whatever ends it; a body
 * that keeps coming, however long, is passed on whole; a chunk that comes after the end
 * is released. Real time, with a 400 ms idle timeout.
 */
class UploadPaceTests {

	private static final Duration IDLE = Duration.ofMillis(400);

	private final ScheduledThreadPoolExecutor timerThread = new ScheduledThreadPoolExecutor(1);

	private final Scheduler timers;

	private final UploadPace pace;

	UploadPaceTests() {
		this.timerThread.setRemoveOnCancelPolicy(true);
		this.timers = Schedulers.fromExecutorService(this.timerThread);
		this.pace = pace(DataSize.ofBytes(1), Duration.ofMinutes(1));
	}

	@AfterEach
	void stopTimers() {
		this.timers.dispose();
	}

	@Test
	void aBodyThatPausesLongerThanTheIdleTimeoutIsEndedWith408AndCancelled() {
		AtomicBoolean cancelled = new AtomicBoolean();
		Flux<DataBuffer> body = Flux.concat(Flux.just(chunk("first")), Flux.<DataBuffer>never())
			.doOnCancel(() -> cancelled.set(true));
		long started = System.nanoTime();

		StepVerifier.create(this.pace.paced(body))
			.consumeNextWith(DataBufferUtils::release)
			.expectErrorSatisfies((ex) -> assertTooSlow(ex, "paused"))
			.verify(Duration.ofSeconds(5));

		assertThat(Duration.ofNanos(System.nanoTime() - started))
			.as("ended between one and one and a quarter idle timeouts after the pause began (and some slack)")
			.isGreaterThanOrEqualTo(IDLE)
			.isLessThan(IDLE.multipliedBy(5).dividedBy(4).plusMillis(500));
		assertThat(cancelled).as("the body is no longer read").isTrue();
		assertTimerGone();
	}

	@Test
	void aBodyThatNeverStartsIsEndedWith408() {
		StepVerifier.create(this.pace.paced(Flux.never()))
			.expectErrorSatisfies((ex) -> assertTooSlow(ex, "paused"))
			.verify(Duration.ofSeconds(5));
		assertTimerGone();
	}

	@Test
	void aChunkThatComesAfterTheBodyStalledIsReleased() {
		TestPublisher<DataBuffer> body = TestPublisher.createNoncompliant(TestPublisher.Violation.DEFER_CANCELLATION);
		NettyDataBuffer late = chunk("late");

		StepVerifier.create(this.pace.paced(body.flux()))
			.expectErrorSatisfies((ex) -> assertTooSlow(ex, "paused"))
			.verify(Duration.ofSeconds(5));
		body.next(late);

		assertThat(late.getNativeBuffer().refCnt()).as("the late chunk, released").isZero();
	}

	@Test
	void aBodyThatKeepsComingForLongerThanTheIdleTimeoutIsPassedOnWhole() {
		// a chunk every quarter idle timeout, for two idle timeouts in all
		Flux<DataBuffer> body = Flux.interval(IDLE.dividedBy(4)).take(8).map((index) -> chunk("chunk " + index));

		StepVerifier.create(this.pace.paced(body).map(UploadPaceTests::text))
			.expectNext("chunk 0", "chunk 1", "chunk 2", "chunk 3", "chunk 4", "chunk 5", "chunk 6", "chunk 7")
			.verifyComplete();
		assertTimerGone();
	}

	@Test
	void aBodyTooSlowInAllIsEndedWithItsOwnReasonAndItsChunkReleased() {
		UploadPace strict = pace(DataSize.ofMegabytes(1), Duration.ZERO);
		NettyDataBuffer slow = chunk("slow");
		Flux<DataBuffer> body = Flux.<DataBuffer>just(slow).delayElements(Duration.ofMillis(50));

		StepVerifier.create(strict.paced(body))
			.expectErrorSatisfies((ex) -> assertTooSlow(ex, "less than 1048576 bytes per second"))
			.verify(Duration.ofSeconds(5));

		assertThat(slow.getNativeBuffer().refCnt()).isZero();
		assertTimerGone();
	}

	@Test
	void aBodyWhoseReaderGoesAwayLeavesNoTimer() {
		StepVerifier.create(this.pace.paced(Flux.never())).thenCancel().verify(Duration.ofSeconds(5));

		assertTimerGone();
	}

	/**
	 * The upload's timer is no longer scheduled: the queue stays empty for longer than
	 * its period, which a periodic task still running would not leave it (it goes back
	 * after each run).
	 */
	private void assertTimerGone() {
		await().atMost(Duration.ofSeconds(2))
			.during(IDLE.dividedBy(2))
			.pollInterval(Duration.ofMillis(20))
			.alias("the upload's timer, disposed")
			.until(() -> this.timerThread.getQueue().isEmpty());
	}

	private UploadPace pace(DataSize minRate, Duration minRateGracePeriod) {
		return new UploadPace(new UploadProperties(DataSize.ofMegabytes(1), DataSize.ofMegabytes(1), 4,
				Duration.ofSeconds(5), minRate, minRateGracePeriod, IDLE, Duration.ofMinutes(1), Duration.ofHours(1)),
				this.timers);
	}

	private static void assertTooSlow(Throwable failure, String detail) {
		assertThat(failure).isInstanceOfSatisfying(ProblemException.class, (problem) -> {
			assertThat(problem.problemType()).isEqualTo(ProblemType.UPLOAD_TOO_SLOW);
			assertThat(problem.getMessage()).contains(detail);
		});
	}

	private static NettyDataBuffer chunk(String text) {
		return new NettyDataBufferFactory(UnpooledByteBufAllocator.DEFAULT)
			.wrap(UnpooledByteBufAllocator.DEFAULT.buffer().writeBytes(text.getBytes(StandardCharsets.UTF_8)));
	}

	private static String text(DataBuffer buffer) {
		String text = buffer.toString(StandardCharsets.UTF_8);
		DataBufferUtils.release(buffer);
		return text;
	}

}
