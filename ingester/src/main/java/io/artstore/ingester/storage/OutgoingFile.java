package io.artstore.ingester.storage;

import java.util.UUID;

import org.jspecify.annotations.Nullable;

import org.springframework.http.MediaType;

/**
 * The form fields that go to a storage element with a file.
 *
 * @param filename the caller's file name
 * @param contentType the file part's content type
 * @param description the caller's description, possibly empty
 * @param retentionPolicy {@code temporary} or {@code permanent}
 * @param finalizeTransactionId the finalization that sends a temporary file's bytes to be
 * stored as permanent, or {@code null} for an upload
 */
public record OutgoingFile(String filename, MediaType contentType, String description, String retentionPolicy,
		@Nullable UUID finalizeTransactionId) {

	/** The fields of an upload. */
	public OutgoingFile(String filename, MediaType contentType, String description, String retentionPolicy) {
		this(filename, contentType, description, retentionPolicy, null);
	}

}
