package io.artstore.reference.storage;

import java.nio.file.Path;
import java.time.Instant;
import java.util.UUID;

/** A file that the element holds. */
record StoredFile(UUID id, String originalFilename, long size, String checksum, Path path, Instant storedAt) {
}
