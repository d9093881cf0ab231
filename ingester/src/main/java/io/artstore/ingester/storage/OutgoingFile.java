package io.artstore.ingester.storage;

import java.util.UUID;

import org.jspecify.annotations.Nullable;
import reactor.core.publisher.Mono;

import org.springframework.http.MediaType;

/**
 * The form fields that go to a storage element with a file.
 *
 * @param filename the caller's file name
 * @param contentType the file part's content type
 * @param retentionPolicy {@code temporary} or {@code permanent}
 * @param finalizeTransactionId the finalization that sends a temporary file's bytes to be
 * stored as permanent, or {@code null} for an upload
 * @param description the caller's description, possibly empty, sent after the file part
 * (an element reads the whole form), so that one the caller sent after its file is sent
 * once like any other; known once the caller's body has ended. A failure aborts the
 * request before its end, so that the element stores nothing
 */
public record OutgoingFile(String filename, MediaType contentType, String retentionPolicy,
		@Nullable UUID finalizeTransactionId, Mono<String> description) {

	/**
	 * The fields of an upload whose description is known before its file.
	 * @param filename the caller's file name
	 * @param contentType the file part's content type
	 * @param retentionPolicy {@code temporary} or {@code permanent}
	 * @param description the description
	 * @return the fields
	 */
	public static OutgoingFile known(String filename, MediaType contentType, String retentionPolicy,
			String description) {
		return new OutgoingFile(filename, contentType, retentionPolicy, null, Mono.just(description));
	}

}
