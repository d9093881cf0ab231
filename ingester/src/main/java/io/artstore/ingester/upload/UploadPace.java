package io.artstore.ingester.upload;

import java.time.Duration;
import java.util.Map;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;

import reactor.core.Disposable;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Hooks;
import reactor.core.publisher.Mono;
import reactor.core.publisher.Sinks;
import reactor.core.scheduler.Scheduler;
import reactor.core.scheduler.Schedulers;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.core.io.buffer.DataBuffer;
import org.springframework.core.io.buffer.DataBufferUtils;
import org.springframework.http.codec.multipart.PartEvent;
import org.springframework.stereotype.Component;

import io.artstore.ingester.problem.ProblemException;
import io.artstore.ingester.problem.ProblemType;

/**
 * Keeps slow or numerous callers from holding the ingester: at most
 * {@code max-concurrent-uploads} at once (503 with {@code Retry-After} past it), a body
 * that pauses longer than {@code idle-timeout} or averages less than {@code min-rate}
 * after {@code min-rate-grace-period}, or takes longer than {@code max-duration} in all,
 * is ended with 408.
 */
@Component
class UploadPace {

	static {
		// A buffer that arrives after the body stalled or failed (the operators that
		// ended it drop what comes after the end) goes to onNextDropped, never to the
		// discard hooks, and nothing else owns it then: release it. One that arrives
		// after a cancel goes to the discard hooks. Installed once per class loader,
		// since Reactor's hooks add up.
		Hooks.onNextDropped(UploadPace::releaseDropped);
	}

	private final UploadProperties properties;

	private final Semaphore slots;

	private final Scheduler timers;

	private static void releaseDropped(Object dropped) {
		if (dropped instanceof DataBuffer buffer) {
			DataBufferUtils.release(buffer);
		}
		else if (dropped instanceof PartEvent event) {
			DataBufferUtils.release(event.content());
		}
	}

	@Autowired
	UploadPace(UploadProperties properties) {
		this(properties, Schedulers.parallel());
	}

	UploadPace(UploadProperties properties, Scheduler timers) {
		this.properties = properties;
		this.slots = new Semaphore(properties.maxConcurrentUploads());
		this.timers = timers;
	}

	/**
	 * Runs an upload in one of the slots.
	 * @param upload the upload, started on subscription
	 * @param <T> its result
	 * @return the upload, or a 503 when every slot is taken
	 */
	<T> Mono<T> withinLimits(Supplier<Mono<T>> upload) {
		return Mono.defer(() -> {
			if (!this.slots.tryAcquire()) {
				return Mono.error(new ProblemException(ProblemType.TOO_MANY_UPLOADS,
						"The ingester is running as many uploads as it may; try again later",
						Map.of("Retry-After", String.valueOf(this.properties.busyRetryAfter().toSeconds()))));
			}
			return upload.get().doFinally((signal) -> this.slots.release());
		});
	}

	/**
	 * The body as it arrives, failing when the caller pauses too long, sends too slowly
	 * or takes too long in all. The failure ends the body as a broken one does, so that
	 * the upload cleans up after itself.
	 *
	 * <p>
	 * Pauses are watched by one timer per upload, which looks every quarter of
	 * {@code idle-timeout} at when the last chunk came, so a pause is ended between one
	 * and one and a quarter {@code idle-timeout} after it began. Reactor's
	 * {@code timeout()} did the same with a timer per chunk, scheduled and cancelled on
	 * the parallel scheduler for each of the tens of thousands of chunks a large file
	 * arrives in; measured side by side, that was a fifth to a quarter of the ingester's
	 * CPU per 256 MiB (docs/performance-notes.md).
	 * @param body the request body
	 * @return the same chunks
	 */
	Flux<DataBuffer> paced(Flux<DataBuffer> body) {
		long minRate = this.properties.minRate().toBytes();
		long graceNanos = this.properties.minRateGracePeriod().toNanos();
		long maxNanos = this.properties.maxDuration().toNanos();
		Duration idle = this.properties.idleTimeout();
		long idleNanos = idle.toNanos();
		long watchEveryNanos = Math.max(idleNanos / 4, TimeUnit.MILLISECONDS.toNanos(1));
		return Flux.defer(() -> {
			Pacing pacing = new Pacing(System.nanoTime());
			Sinks.Empty<Void> stalled = Sinks.empty();
			Disposable watch = this.timers.schedulePeriodically(() -> {
				if (pacing.stalled(System.nanoTime(), idleNanos)) {
					stalled.tryEmitEmpty();
				}
			}, watchEveryNanos, watchEveryNanos, TimeUnit.NANOSECONDS);
			return body.<DataBuffer>handle((buffer, sink) -> {
				long now = System.nanoTime();
				pacing.lastArrival = now;
				pacing.received += buffer.readableByteCount();
				long elapsed = now - pacing.started;
				if (elapsed > graceNanos && pacing.received < minRate * (elapsed / 1e9)) {
					DataBufferUtils.release(buffer);
					pacing.end();
					sink.error(tooSlow("The body arrived at less than " + minRate + " bytes per second"));
					return;
				}
				if (elapsed > maxNanos) {
					DataBufferUtils.release(buffer);
					pacing.end();
					sink.error(tooSlow("Sending the body took longer than " + this.properties.maxDuration().toSeconds()
							+ " s, the most an upload may take"));
					return;
				}
				sink.next(buffer);
			})
				// a stall cancels the body and completes; the error follows
				.takeUntilOther(stalled.asMono())
				.concatWith(Mono.defer(() -> pacing.end() ? Mono.empty()
						: Mono.error(tooSlow("The body paused for more than " + idle.toSeconds() + " s"))))
				.doFinally((signal) -> watch.dispose());
		});
	}

	/**
	 * One body's pace: written by the thread that reads the body, read by the watching
	 * timer. Its reading ends once: the body arrived whole or failed (too slow in all,
	 * too long), or it stalled; whichever comes first decides the answer.
	 */
	private static final class Pacing {

		private static final int READING = 0;

		private static final int ENDED = 1;

		private static final int STALLED = 2;

		final long started;

		long received;

		volatile long lastArrival;

		private final AtomicInteger state = new AtomicInteger(READING);

		Pacing(long started) {
			this.started = started;
			this.lastArrival = started;
		}

		/**
		 * Whether the body has paused too long now; true once, and never after it ended.
		 */
		boolean stalled(long now, long idleNanos) {
			return now - this.lastArrival > idleNanos && this.state.compareAndSet(READING, STALLED);
		}

		/**
		 * Ends the reading as the body ended or failed; false when it had stalled first.
		 */
		boolean end() {
			return this.state.compareAndSet(READING, ENDED);
		}

	}

	private static ProblemException tooSlow(String detail) {
		return new ProblemException(ProblemType.UPLOAD_TOO_SLOW, detail);
	}

}
