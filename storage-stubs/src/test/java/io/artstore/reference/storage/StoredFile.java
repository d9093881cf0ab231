package io.artstore.reference.storage;

import java.nio.file.Path;
import java.time.Instant;
import java.util.UUID;

import org.jspecify.annotations.Nullable;

/**
 * A file that the element holds.
 *
 * @param id its file id
 * @param originalFilename the name it was uploaded with
 * @param storageFilename the name the element gives it
 * {@code <stem>_<uploader>_<yyyyMMdd'T'HHmmss>_<id><extension>}
 * @param storagePath the folder the element reports for it, {@code yyyy/MM/dd/HH/}
 * @param contentType the file part's content type
 * @param description the upload's description
 * @param version the upload's version
 * @param createdBy the uploader's name
 * @param size its size in bytes
 * @param checksum its SHA-256, in hexadecimal
 * @param path where its bytes are
 * @param storedAt when it was stored
 */
record StoredFile(UUID id, String originalFilename, String storageFilename, String storagePath, String contentType,
		@Nullable String description, @Nullable String version, String createdBy, long size, String checksum, Path path,
		Instant storedAt) {
}
