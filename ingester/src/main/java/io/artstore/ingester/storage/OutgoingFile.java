package io.artstore.ingester.storage;

import org.springframework.http.MediaType;

/**
 * The form fields that go to a storage element with a file.
 *
 * @param filename the caller's file name
 * @param contentType the file part's content type
 * @param description the caller's description, possibly empty
 * @param retentionPolicy {@code temporary} or {@code permanent}
 */
public record OutgoingFile(String filename, MediaType contentType, String description, String retentionPolicy) {
}
