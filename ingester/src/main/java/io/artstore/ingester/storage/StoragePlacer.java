package io.artstore.ingester.storage;

import java.util.List;
import java.util.Map;

import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

import org.springframework.core.io.buffer.DataBuffer;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.stereotype.Component;

import io.artstore.ingester.admin.ServiceTokenProvider;
import io.artstore.ingester.admin.StorageElement;
import io.artstore.ingester.problem.ProblemException;

/**
 * Stores a file on the first element that takes it: candidates in order, at most
 * {@link StorageProperties#maxAttempts()} of them, moving on after a 507 or a failure,
 * and refreshing the service token once after a 401. Deletes stored copies for
 * compensation.
 */
@Component
public class StoragePlacer {

	private static final Logger logger = LoggerFactory.getLogger(StoragePlacer.class);

	private final StorageElementClient client;

	private final ServiceTokenProvider tokens;

	private final StorageProperties properties;

	private final ReplayBudget replayBudget;

	StoragePlacer(StorageElementClient client, ServiceTokenProvider tokens, StorageProperties properties) {
		this.client = client;
		this.tokens = tokens;
		this.properties = properties;
		this.replayBudget = new ReplayBudget(properties.replayBudget().toBytes());
	}

	/**
	 * Streams a file to a storage element.
	 * @param candidates the elements to try, in order
	 * @param content the file's bytes, read once
	 * @param file the fields that go with it
	 * @return where the file went; a 503 problem when no element could take it, a 502
	 * when the elements failed
	 */
	public Mono<Placement> store(List<StorageElement> candidates, Flux<DataBuffer> content, OutgoingFile file) {
		if (candidates.isEmpty()) {
			return Mono.error(noStorage("No storage element is available for this file"));
		}
		List<StorageElement> tried = candidates.subList(0, Math.min(this.properties.maxAttempts(), candidates.size()));
		ReplayableContent replayable = new ReplayableContent(content, this.properties.replayBuffer().toBytes(),
				this.replayBudget);
		return attempt(tried, 0, replayable, file, null).doFinally((signal) -> replayable.dispose());
	}

	/**
	 * Deletes a stored copy.
	 * @param placement where the copy is
	 * @return completes when the copy is gone (or was never there)
	 */
	public Mono<Void> delete(Placement placement) {
		return this.tokens.withToken(
				(token) -> this.client.delete(placement.elementUrl(), placement.copy().fileId(), token),
				StoragePlacer::tokenRejected);
	}

	private Mono<Placement> attempt(List<StorageElement> elements, int index, ReplayableContent content,
			OutgoingFile file, @Nullable UploadAttemptException last) {
		if (index >= elements.size()) {
			return Mono.error(exhausted(elements.size(), last));
		}
		StorageElement element = elements.get(index);
		String url = this.properties.resolve(element.apiUrl());
		return this.tokens
			.withToken((token) -> content.canStartAttempt() ? this.client.upload(url, content.attempt(), file, token)
					: Mono.error(new ContentNotReplayableException()), StoragePlacer::tokenRejected)
			.map((copy) -> new Placement(element, url, copy))
			.onErrorMap(ContentNotReplayableException.class,
					(ex) -> noStorage("The upload was too far along to be sent to another storage element"))
			.onErrorResume(UploadAttemptException.class, (ex) -> {
				logger.info("Storage element {} did not store {}: {}", element.elementId(), file.filename(),
						ex.getMessage());
				return attempt(elements, index + 1, content, file, ex);
			});
	}

	private static boolean tokenRejected(Throwable ex) {
		return ex instanceof UploadAttemptException attempt
				&& attempt.kind() == UploadAttemptException.Kind.TOKEN_REJECTED;
	}

	private ProblemException exhausted(int attempts, @Nullable UploadAttemptException last) {
		if (last == null || last.kind() == UploadAttemptException.Kind.INSUFFICIENT_STORAGE) {
			return noStorage("No storage element had room for this file after " + attempts + " attempt(s)");
		}
		return new ProblemException(HttpStatus.BAD_GATEWAY, "storage-element-failed", "Storage element failed",
				"No storage element stored this file after " + attempts + " attempt(s); the last said: "
						+ last.getMessage());
	}

	private ProblemException noStorage(String detail) {
		return new ProblemException(HttpStatus.SERVICE_UNAVAILABLE, "no-storage-available", "No storage available",
				detail, Map.of(HttpHeaders.RETRY_AFTER, String.valueOf(this.properties.retryAfter().toSeconds())));
	}

}
