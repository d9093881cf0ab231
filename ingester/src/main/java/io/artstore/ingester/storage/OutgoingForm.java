package io.artstore.ingester.storage;

import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ThreadLocalRandom;

import org.springframework.http.ContentDisposition;
import org.springframework.http.MediaType;

/**
 * The multipart body an element is sent, around the file's content: the form fields that
 * decide how it is stored and the file part's headers before it; after it, the caller's
 * description (which the caller may send after its file) and the closing delimiter.
 * Written by hand rather than by Spring's multipart writer so that the body's length is
 * known whenever the file's is (the writer always sends chunked), and so that a small
 * upload is one write. The part headers are those Spring's writer produces, in the same
 * order.
 */
final class OutgoingForm {

	private static final char[] BOUNDARY_CHARS = "-_1234567890abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ"
		.toCharArray();

	private final String boundary;

	private final byte[] head;

	private OutgoingForm(String boundary, byte[] head) {
		this.boundary = boundary;
		this.head = head;
	}

	/**
	 * The body for one attempt, with the file id the element is to store the file under
	 * and a random boundary (the content is never scanned for it, as no multipart writer
	 * does: 40 random characters do not occur by chance).
	 */
	static OutgoingForm of(OutgoingFile file, UUID fileId) {
		String boundary = boundary();
		StringBuilder head = new StringBuilder(256);
		field(head, boundary, "file_id", fileId.toString());
		field(head, boundary, "retention_policy", file.retentionPolicy());
		if (file.finalizeTransactionId() != null) {
			field(head, boundary, "finalize_transaction_id", file.finalizeTransactionId().toString());
		}
		head.append("--")
			.append(boundary)
			.append("\r\nContent-Disposition: ")
			.append(ContentDisposition.formData().name("file").filename(file.filename()).build())
			.append("\r\nContent-Type: ")
			.append(file.contentType())
			.append("\r\n\r\n");
		return new OutgoingForm(boundary, head.toString().getBytes(StandardCharsets.UTF_8));
	}

	private static void field(StringBuilder head, String boundary, String name, String value) {
		head.append("--")
			.append(boundary)
			.append("\r\nContent-Disposition: form-data; name=\"")
			.append(name)
			.append("\"\r\nContent-Type: text/plain;charset=UTF-8\r\nContent-Length: ")
			.append(value.getBytes(StandardCharsets.UTF_8).length)
			.append("\r\n\r\n")
			.append(value)
			.append("\r\n");
	}

	private static String boundary() {
		ThreadLocalRandom random = ThreadLocalRandom.current();
		char[] chars = new char[40];
		for (int i = 0; i < chars.length; i++) {
			chars[i] = BOUNDARY_CHARS[random.nextInt(BOUNDARY_CHARS.length)];
		}
		return new String(chars);
	}

	/** The request's {@code Content-Type}, with the boundary. */
	MediaType contentType() {
		return new MediaType(MediaType.MULTIPART_FORM_DATA, Map.of("boundary", this.boundary));
	}

	/** The bytes before the file's content. */
	byte[] head() {
		return this.head;
	}

	/**
	 * The bytes after the file's content: the end of its part, the description, the
	 * closing delimiter.
	 * @param description the caller's description, possibly empty
	 */
	byte[] tail(String description) {
		StringBuilder tail = new StringBuilder("\r\n");
		field(tail, this.boundary, "description", description);
		return tail.append("--").append(this.boundary).append("--\r\n").toString().getBytes(StandardCharsets.UTF_8);
	}

}
