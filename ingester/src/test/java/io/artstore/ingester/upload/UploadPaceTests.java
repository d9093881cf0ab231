package io.artstore.ingester.upload;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicBoolean;

import org.junit.jupiter.api.Test;
import reactor.core.publisher.Flux;
import reactor.test.StepVerifier;

import org.springframework.core.io.buffer.DataBuffer;
import org.springframework.core.io.buffer.DefaultDataBufferFactory;
import org.springframework.util.unit.DataSize;

import io.artstore.ingester.problem.ProblemException;
import io.artstore.ingester.problem.ProblemType;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@link UploadPace#paced}: a pause longer than the idle timeout ends the body with 408,
 * found by the one timer an upload has; a body that keeps coming, however long, is passed
 * on whole. Real time, with a 400 ms idle timeout.
 */
class UploadPaceTests {

	private static final Duration IDLE = Duration.ofMillis(400);

	private final UploadPace pace = new UploadPace(
			new UploadProperties(DataSize.ofMegabytes(1), DataSize.ofMegabytes(1), 4, Duration.ofSeconds(5),
					DataSize.ofBytes(1), Duration.ofMinutes(1), IDLE, Duration.ofMinutes(1), Duration.ofHours(1)));

	@Test
	void aBodyThatPausesLongerThanTheIdleTimeoutIsEndedWith408AndCancelled() {
		AtomicBoolean cancelled = new AtomicBoolean();
		Flux<DataBuffer> body = Flux.concat(Flux.just(chunk("first")), Flux.<DataBuffer>never())
			.doOnCancel(() -> cancelled.set(true));
		long started = System.nanoTime();

		StepVerifier.create(this.pace.paced(body))
			.consumeNextWith(UploadPaceTests::release)
			.expectErrorSatisfies((ex) -> assertThat(ex).isInstanceOfSatisfying(ProblemException.class,
					(problem) -> assertThat(problem.problemType()).isEqualTo(ProblemType.UPLOAD_TOO_SLOW)))
			.verify(Duration.ofSeconds(5));

		Duration took = Duration.ofNanos(System.nanoTime() - started);
		assertThat(took).as("ended between one and one and a quarter idle timeouts after the pause began")
			.isGreaterThanOrEqualTo(IDLE)
			.isLessThan(IDLE.multipliedBy(5).dividedBy(4).plusMillis(200));
		assertThat(cancelled).as("the body is no longer read").isTrue();
	}

	@Test
	void aBodyThatNeverStartsIsEndedWith408() {
		StepVerifier.create(this.pace.paced(Flux.never()))
			.expectErrorSatisfies((ex) -> assertThat(ex).isInstanceOfSatisfying(ProblemException.class,
					(problem) -> assertThat(problem.problemType()).isEqualTo(ProblemType.UPLOAD_TOO_SLOW)))
			.verify(Duration.ofSeconds(5));
	}

	@Test
	void aBodyThatKeepsComingForLongerThanTheIdleTimeoutIsPassedOnWhole() {
		// a chunk every half idle timeout, for three idle timeouts in all
		Flux<DataBuffer> body = Flux.interval(IDLE.dividedBy(2)).take(6).map((index) -> chunk("chunk " + index));

		StepVerifier.create(this.pace.paced(body).map(UploadPaceTests::release))
			.expectNext("chunk 0", "chunk 1", "chunk 2", "chunk 3", "chunk 4", "chunk 5")
			.verifyComplete();
	}

	private static DataBuffer chunk(String text) {
		return DefaultDataBufferFactory.sharedInstance.wrap(text.getBytes(StandardCharsets.UTF_8));
	}

	private static String release(DataBuffer buffer) {
		return buffer.toString(StandardCharsets.UTF_8);
	}

}
