package io.artstore.loadtests;

import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Random;

/**
 * Multipart request bodies with a file part of a given size, written to disk for the the
 * load tests.
 */
final class Payloads {

	static final String BOUNDARY = "artstore-benchmark-boundary";

	static final String CONTENT_TYPE = "multipart/form-data; boundary=" + BOUNDARY;

	private Payloads() {
	}

	/**
	 * A body whose only part is a file of {@code size} pseudo-random bytes.
	 * @param dir where to write it
	 * @param size the file's size in bytes
	 * @return the body file, reused if it exists
	 */
	static Path multipart(Path dir, long size) {
		Path body = dir.resolve("upload-" + size + ".multipart");
		if (Files.exists(body)) {
			return body;
		}
		byte[] block = new byte[1024 * 1024];
		new Random(size).nextBytes(block);
		// written aside and moved into place: a run stopped halfway leaves no short body
		Path partial = dir.resolve(body.getFileName() + ".partial");
		try (OutputStream out = Files.newOutputStream(partial)) {
			out.write(("--" + BOUNDARY + "\r\nContent-Disposition: form-data; name=\"file\"; filename=\"bench-" + size
					+ ".bin\"\r\nContent-Type: application/octet-stream\r\n\r\n")
				.getBytes(StandardCharsets.US_ASCII));
			for (long written = 0; written < size; written += block.length) {
				out.write(block, 0, (int) Math.min(block.length, size - written));
			}
			out.write(("\r\n--" + BOUNDARY + "--\r\n").getBytes(StandardCharsets.US_ASCII));
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
		try {
			Files.move(partial, body, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
		return body;
	}

}
