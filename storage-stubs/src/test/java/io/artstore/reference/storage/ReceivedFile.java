package io.artstore.reference.storage;

import java.nio.file.Path;

/**
 * The file part of an upload, written to a temporary file until the element knows the id
 * it goes under.
 *
 * @param temporary where its bytes are
 * @param filename the part's file name
 * @param contentType the part's content type
 * @param size its size in bytes
 * @param checksum its SHA-256, in hexadecimal
 */
record ReceivedFile(Path temporary, String filename, String contentType, long size, String checksum) {
}
