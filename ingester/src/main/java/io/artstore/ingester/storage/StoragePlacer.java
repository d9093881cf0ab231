package io.artstore.ingester.storage;

import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;

import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import io.github.resilience4j.circuitbreaker.CircuitBreakerConfig;
import io.github.resilience4j.circuitbreaker.CircuitBreakerRegistry;

import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

import org.springframework.core.io.buffer.DataBuffer;
import org.springframework.http.HttpHeaders;
import org.springframework.stereotype.Component;

import io.artstore.ingester.admin.ServiceTokenProvider;
import io.artstore.ingester.admin.StorageElement;
import io.artstore.ingester.problem.ProblemException;
import io.artstore.ingester.problem.ProblemType;

/**
 * Stores a file on the first element that takes it: candidates in order, at most
 * {@link StorageProperties#maxAttempts()} of them, moving on after a 507 or a failure,
 * and refreshing the service token once after a 401. An element whose circuit breaker is
 * open is skipped without a request. Every copy is stored under the upload's id, so an
 * attempt whose answer was lost is settled at once by asking the element for that id
 * ({@code GET /api/v1/files/{id}}): a copy found is the upload's, a 404 that names the
 * file after an answer means none; only when the element cannot be asked is it written
 * down as one that may hold a copy. Also finds and deletes copies, for compensation and
 * reconciliation.
 */
@Component
public class StoragePlacer {

	private static final Logger logger = LoggerFactory.getLogger(StoragePlacer.class);

	private final StorageElementClient client;

	private final ServiceTokenProvider tokens;

	private final StorageProperties properties;

	private final ReplayBudget replayBudget;

	private final CircuitBreakerRegistry breakers;

	StoragePlacer(StorageElementClient client, ServiceTokenProvider tokens, StorageProperties properties) {
		this.client = client;
		this.tokens = tokens;
		this.properties = properties;
		this.replayBudget = new ReplayBudget(properties.replayBudget().toBytes());
		StorageProperties.CircuitBreakerSettings settings = properties.circuitBreaker();
		this.breakers = CircuitBreakerRegistry.of(CircuitBreakerConfig.custom()
			.failureRateThreshold(settings.failureRateThreshold())
			.slidingWindowSize(settings.slidingWindowSize())
			.minimumNumberOfCalls(settings.minimumNumberOfCalls())
			.waitDurationInOpenState(settings.waitInOpenState())
			.permittedNumberOfCallsInHalfOpenState(1)
			.build());
	}

	/**
	 * Streams a file to a storage element.
	 * @param candidates the elements to try, in order
	 * @param content the file's bytes, read once
	 * @param file the fields that go with it
	 * @param uploadId the upload, the file id the element stores the file under
	 * @param journal where each element is written down before it is tried, and after an
	 * attempt whose outcome stays unknown
	 * @return where the file went; a 503 problem when no element could take it, a 502
	 * when the elements failed
	 */
	public Mono<Placement> store(List<StorageElement> candidates, Flux<DataBuffer> content, OutgoingFile file,
			UUID uploadId, PlacementJournal journal) {
		if (candidates.isEmpty()) {
			return Mono.error(noStorage("No storage element is available for this file"));
		}
		List<StorageElement> tried = candidates.subList(0, Math.min(this.properties.maxAttempts(), candidates.size()));
		ReplayableContent replayable = new ReplayableContent(content, this.properties.replayBuffer().toBytes(),
				this.replayBudget);
		return attempt(tried, 0, replayable, file, new Attempt(uploadId, journal), null)
			.doFinally((signal) -> replayable.dispose());
	}

	/**
	 * Deletes a stored copy.
	 * @param placement where the copy is
	 * @return completes when the copy is gone (or was never there)
	 */
	public Mono<Void> delete(Placement placement) {
		return delete(placement.element().apiUrl(), placement.copy().fileId());
	}

	/**
	 * Deletes a copy.
	 * @param elementApiUrl the element's {@code api_url}
	 * @param fileId the copy
	 * @return completes when the copy is gone (or was never there); fails with
	 * {@link CopyNotDeletableException} when the element refuses
	 */
	public Mono<Void> delete(String elementApiUrl, UUID fileId) {
		String url = this.properties.resolve(elementApiUrl);
		return this.tokens.withToken((token) -> this.client.delete(url, fileId, token), StoragePlacer::tokenRejected)
			.onErrorMap(
					(ex) -> ex instanceof UploadAttemptException refused
							&& refused.kind() == UploadAttemptException.Kind.REFUSED,
					(ex) -> new CopyNotDeletableException(ex.getMessage()));
	}

	/**
	 * The copy an element stored for an upload, found by the upload's id (the file id it
	 * was stored under): {@code GET /api/v1/files/{id}}.
	 * @param elementApiUrl the element's {@code api_url}
	 * @param uploadId the upload
	 * @return the copy, or empty when the element says it holds none
	 */
	public Mono<StoredCopy> findCopy(String elementApiUrl, UUID uploadId) {
		String url = this.properties.resolve(elementApiUrl);
		return this.tokens.withToken((token) -> this.client.find(url, uploadId, token), StoragePlacer::tokenRejected);
	}

	/**
	 * A copy's bytes, streamed from the element that holds it.
	 * @param elementApiUrl the element's {@code api_url}
	 * @param fileId the copy
	 * @return the content, read once; fails with {@link CopyMissingException} when the
	 * element holds no such copy
	 */
	public Flux<DataBuffer> download(String elementApiUrl, UUID fileId) {
		String url = this.properties.resolve(elementApiUrl);
		// a rejected token is answered before the first byte: asking again repeats
		// nothing
		return this.tokens.token()
			.flatMapMany((token) -> this.client.download(url, fileId, token))
			.onErrorResume(StoragePlacer::tokenRejected,
					(ex) -> this.tokens.refresh().flatMapMany((token) -> this.client.download(url, fileId, token)));
	}

	private Mono<Placement> attempt(List<StorageElement> elements, int index, ReplayableContent content,
			OutgoingFile file, Attempt attempt, @Nullable UploadAttemptException last) {
		if (index >= elements.size()) {
			return Mono.error(exhausted(elements.size(), last));
		}
		StorageElement element = elements.get(index);
		String url = this.properties.resolve(element.apiUrl());
		CircuitBreaker breaker = this.breakers.circuitBreaker(element.elementId());
		Mono<Placement> placed;
		if (!breaker.tryAcquirePermission()) {
			placed = Mono.error(
					new UploadAttemptException(UploadAttemptException.Kind.UNREACHABLE, "its circuit breaker is open"));
		}
		else {
			long started = System.nanoTime();
			placed = attempt.journal()
				.attempting(element)
				.doOnError((ex) -> breaker.releasePermission())
				.then(this.tokens.withToken((token) -> {
					if (!content.canStartAttempt()) {
						return Mono.error(new ContentNotReplayableException());
					}
					return this.client.upload(url, content.attempt(), file, attempt.uploadId(), token);
				}, StoragePlacer::tokenRejected).doOnEach((signal) -> {
					if (signal.isOnNext()) {
						breaker.onSuccess(System.nanoTime() - started, TimeUnit.NANOSECONDS);
					}
					else if (signal.isOnError()) {
						record(breaker, started, signal.getThrowable());
					}
				}).doOnCancel(breaker::releasePermission))
				.map((copy) -> new Placement(element, url, copy))
				.onErrorResume(UploadAttemptException.class,
						(ex) -> ex.mayHaveStored() ? settleLostAnswer(element, url, attempt, ex) : Mono.error(ex));
		}
		return placed
			.onErrorMap(ContentNotReplayableException.class,
					(ex) -> noStorage("The upload was too far along to be sent to another storage element"))
			.onErrorResume(UploadAttemptException.class, (ex) -> {
				logger.info("Storage element {} did not store {}: {}", element.elementId(), file.filename(),
						ex.getMessage());
				return attempt(elements, index + 1, content, file, attempt, ex);
			});
	}

	/**
	 * The file went out and the answer was lost. The element is asked for the upload's
	 * id: the copy it holds is the placement (what it holds is checked like any answer).
	 * Otherwise, whether it could not be asked or answered 404, it is written down as one
	 * that may hold a copy (it may still be writing the file), and the next one is tried.
	 */
	private Mono<Placement> settleLostAnswer(StorageElement element, String url, Attempt attempt,
			UploadAttemptException lost) {
		return this.tokens
			.withToken((token) -> this.client.find(url, attempt.uploadId(), token), StoragePlacer::tokenRejected)
			.map((copy) -> {
				logger.info("Storage element {} holds {} although its answer was lost: {}", element.elementId(),
						attempt.uploadId(), lost.getMessage());
				return new Placement(element, url, copy);
			})
			.onErrorResume((ex) -> noted(element, attempt, lost,
					lost.getMessage() + "; the element could not be asked: " + ex.getMessage()))
			.switchIfEmpty(Mono.defer(
					() -> noted(element, attempt, lost, lost.getMessage() + "; the element may still be writing it")));
	}

	/**
	 * Writes the element down as one that may hold a copy, and goes on with the failure.
	 */
	private static Mono<Placement> noted(StorageElement element, Attempt attempt, UploadAttemptException lost,
			String reason) {
		return attempt.journal().mayHold(element, reason).then(Mono.error(lost));
	}

	/** Tells an element's breaker how an attempt ended. */
	private static void record(CircuitBreaker breaker, long started, @Nullable Throwable failure) {
		long duration = System.nanoTime() - started;
		if (failure instanceof UploadAttemptException attemptFailure) {
			if (attemptFailure.isElementFault()) {
				breaker.onError(duration, TimeUnit.NANOSECONDS, attemptFailure);
				return;
			}
			breaker.onSuccess(duration, TimeUnit.NANOSECONDS);
			return;
		}
		// The caller's body broke (the element got a body without its end, which it
		// does not keep), or nothing could be replayed (nothing was sent): neither
		// says anything about the element.
		breaker.releasePermission();
	}

	/** One upload's placement: its id and where it writes down where the file may be. */
	private record Attempt(UUID uploadId, PlacementJournal journal) {
	}

	private static boolean tokenRejected(Throwable ex) {
		return ex instanceof UploadAttemptException attempt
				&& attempt.kind() == UploadAttemptException.Kind.TOKEN_REJECTED;
	}

	private ProblemException exhausted(int attempts, @Nullable UploadAttemptException last) {
		if (last == null || last.kind() == UploadAttemptException.Kind.INSUFFICIENT_STORAGE) {
			return noStorage("No storage element had room for this file after " + attempts + " attempt(s)");
		}
		if (last.kind() == UploadAttemptException.Kind.UNAVAILABLE) {
			return noStorage("No storage element could take this file now, after " + attempts + " attempt(s)");
		}
		return new NoElementStoredException(ProblemType.STORAGE_ELEMENT_FAILED,
				"No storage element stored this file after " + attempts + " attempt(s); the last said: "
						+ last.getMessage(),
				Map.of());
	}

	private ProblemException noStorage(String detail) {
		return new NoElementStoredException(ProblemType.NO_STORAGE_AVAILABLE, detail,
				Map.of(HttpHeaders.RETRY_AFTER, String.valueOf(this.properties.retryAfter().toSeconds())));
	}

}
