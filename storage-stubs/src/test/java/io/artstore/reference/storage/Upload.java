package io.artstore.reference.storage;

import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Predicate;

import org.jspecify.annotations.Nullable;

import org.springframework.http.HttpStatus;

import io.artstore.testsupport.fastapi.PythonUuids;

/**
 * One multipart upload while its parts arrive: its form fields, the file id the client
 * chose, and why the element refuses it, known as soon as the field that decides it
 * arrives, so that a file part after it is not written at all.
 */
final class Upload {

	private final Map<String, String> fields = new ConcurrentHashMap<>();

	private final Predicate<UUID> stored;

	private volatile @Nullable UUID fileId;

	private volatile @Nullable Refusal refusal;

	private volatile boolean hadFile;

	/**
	 * An upload to an element.
	 * @param stored whether the element holds a file with a given id
	 */
	Upload(Predicate<UUID> stored) {
		this.stored = stored;
	}

	void field(String name, String value) {
		this.fields.put(name, value);
		if ("finalize_transaction_id".equals(name) && !value.isEmpty() && PythonUuids.parse(value) == null
				&& this.refusal == null) {
			// the real element parses it inside its handler's catch-all: a 500
			this.refusal = new Refusal(HttpStatus.INTERNAL_SERVER_ERROR, "Failed to upload file");
			return;
		}
		if (!"file_id".equals(name) || value.isEmpty() || this.refusal != null) {
			return;
		}
		UUID id = PythonUuids.parse(value);
		if (id == null) {
			this.refusal = new Refusal(HttpStatus.BAD_REQUEST, "Invalid file_id format: " + value);
		}
		else if (this.stored.test(id)) {
			this.refusal = Refusal.duplicate(id);
		}
		else {
			this.fileId = id;
		}
	}

	/**
	 * Notes that the file part begins.
	 * @return whether to store it: {@code false} when the upload is refused already
	 */
	boolean file() {
		this.hadFile = true;
		return this.refusal == null;
	}

	/** Whether the upload had a file part. */
	boolean hadFile() {
		return this.hadFile;
	}

	@Nullable String field(String name) {
		return this.fields.get(name);
	}

	/** The id the client chose, if it chose one. */
	@Nullable UUID fileId() {
		return this.fileId;
	}

	@Nullable Refusal refusal() {
		return this.refusal;
	}

	/**
	 * Why an upload is refused.
	 *
	 * @param status the answer's status
	 * @param detail the answer's detail
	 */
	record Refusal(HttpStatus status, String detail) {

		/** The real element's answer to an id it holds: a 500 that says so. */
		static Refusal duplicate(UUID id) {
			return new Refusal(HttpStatus.INTERNAL_SERVER_ERROR, "File with ID " + id + " already exists");
		}

	}

}
