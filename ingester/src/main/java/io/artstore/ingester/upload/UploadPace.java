package io.artstore.ingester.upload;

import java.time.Duration;
import java.util.Map;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeoutException;
import java.util.function.Supplier;

import reactor.core.publisher.Flux;
import reactor.core.publisher.Hooks;
import reactor.core.publisher.Mono;

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
		// timeout() hands a buffer that races a cancel (or its own idle timer) to
		// onNextDropped, never to the discard hooks, and nothing else owns it then:
		// release it. Installed once per class loader, since Reactor's hooks add up.
		Hooks.onNextDropped(UploadPace::releaseDropped);
	}

	private final UploadProperties properties;

	private final Semaphore slots;

	private static void releaseDropped(Object dropped) {
		if (dropped instanceof DataBuffer buffer) {
			DataBufferUtils.release(buffer);
		}
		else if (dropped instanceof PartEvent event) {
			DataBufferUtils.release(event.content());
		}
	}

	UploadPace(UploadProperties properties) {
		this.properties = properties;
		this.slots = new Semaphore(properties.maxConcurrentUploads());
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
	 * @param body the request body
	 * @return the same chunks
	 */
	Flux<DataBuffer> paced(Flux<DataBuffer> body) {
		long minRate = this.properties.minRate().toBytes();
		long graceNanos = this.properties.minRateGracePeriod().toNanos();
		long maxNanos = this.properties.maxDuration().toNanos();
		Duration idle = this.properties.idleTimeout();
		return Flux.defer(() -> {
			long started = System.nanoTime();
			long[] received = new long[1];
			return body.<DataBuffer>handle((buffer, sink) -> {
				received[0] += buffer.readableByteCount();
				long elapsed = System.nanoTime() - started;
				if (elapsed > graceNanos && received[0] < minRate * (elapsed / 1e9)) {
					DataBufferUtils.release(buffer);
					sink.error(tooSlow("The body arrived at less than " + minRate + " bytes per second"));
					return;
				}
				if (elapsed > maxNanos) {
					DataBufferUtils.release(buffer);
					sink.error(tooSlow("Sending the body took longer than " + this.properties.maxDuration().toSeconds()
							+ " s, the most an upload may take"));
					return;
				}
				sink.next(buffer);
			})
				.timeout(idle)
				.onErrorMap(TimeoutException.class,
						(ex) -> tooSlow("The body paused for more than " + idle.toSeconds() + " s"));
		});
	}

	private static ProblemException tooSlow(String detail) {
		return new ProblemException(ProblemType.UPLOAD_TOO_SLOW, detail);
	}

}
