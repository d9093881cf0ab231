package io.artstore.ingester.problem;

import org.springframework.http.HttpStatus;

/**
 * Every problem the ingester answers with: its status, the last segment of its
 * {@code type} URI and its fixed title. The README's table of problems is checked against
 * this catalogue ({@code ProblemCatalogueTests}).
 */
public enum ProblemType {

	/** The form has no part named {@code file}. */
	MISSING_FILE(HttpStatus.BAD_REQUEST, "missing-file", "Missing file"),
	/** The file part is empty. */
	EMPTY_FILE(HttpStatus.BAD_REQUEST, "empty-file", "Empty file"),
	/** The file part has no file name. */
	MISSING_FILENAME(HttpStatus.BAD_REQUEST, "missing-filename", "Missing file name"),
	/** A file name with control characters, no last path component, or too long. */
	INVALID_FILENAME(HttpStatus.BAD_REQUEST, "invalid-filename", "Invalid file name"),
	/** A part {@code Content-Type} that is too long. */
	INVALID_CONTENT_TYPE(HttpStatus.BAD_REQUEST, "invalid-content-type", "Invalid content type"),
	/** A description over its limit. */
	DESCRIPTION_TOO_LONG(HttpStatus.BAD_REQUEST, "description-too-long", "Description too long"),
	/** A description with control characters. */
	INVALID_DESCRIPTION(HttpStatus.BAD_REQUEST, "invalid-description", "Invalid description"),
	/** A retention policy other than temporary or permanent. */
	INVALID_RETENTION_POLICY(HttpStatus.BAD_REQUEST, "invalid-retention-policy", "Unknown retention policy"),
	/** A {@code ttl_days} out of range, or given for a permanent file. */
	INVALID_TTL_DAYS(HttpStatus.BAD_REQUEST, "invalid-ttl-days", "Invalid ttl_days"),
	/** Metadata that is not a JSON object. */
	INVALID_METADATA(HttpStatus.BAD_REQUEST, "invalid-metadata", "Invalid metadata"),
	/** Parts out of order or repeated. */
	MALFORMED_FORM(HttpStatus.BAD_REQUEST, "malformed-form", "Malformed upload form"),
	/** A body that is not valid multipart. */
	MALFORMED_MULTIPART(HttpStatus.BAD_REQUEST, "malformed-multipart", "Malformed multipart body"),
	/** An {@code Idempotency-Key} header that is not a valid key. */
	BAD_IDEMPOTENCY_KEY(HttpStatus.BAD_REQUEST, "bad-idempotency-key", "Bad Idempotency-Key"),
	/** No valid access token. */
	UNAUTHENTICATED(HttpStatus.UNAUTHORIZED, "unauthenticated", "Authentication required"),
	/** A role that may not make the request. */
	FORBIDDEN(HttpStatus.FORBIDDEN, "forbidden", "Not allowed"),
	/** No registered upload of the caller's with that id. */
	UPLOAD_NOT_FOUND(HttpStatus.NOT_FOUND, "upload-not-found", "Upload not found"),
	/** No registered file with that id that the caller may finalize. */
	FILE_NOT_FOUND(HttpStatus.NOT_FOUND, "file-not-found", "File not found"),
	/** A file that is permanent already, or was finalized. */
	FILE_NOT_TEMPORARY(HttpStatus.CONFLICT, "file-not-temporary", "File is not temporary"),
	/** No finalization with that transaction id that the caller may see. */
	FINALIZATION_NOT_FOUND(HttpStatus.NOT_FOUND, "finalization-not-found", "Finalization not found"),
	/**
	 * The element named by the registry no longer holds the file (a finalization's
	 * failure).
	 */
	SOURCE_COPY_MISSING(HttpStatus.BAD_GATEWAY, "source-copy-missing", "Source copy missing"),
	/**
	 * The ingester working on a finalization stopped before it was recorded, and the
	 * reconciler undid it (a finalization's failure).
	 */
	FINALIZATION_INTERRUPTED(HttpStatus.SERVICE_UNAVAILABLE, "finalization-interrupted", "Finalization interrupted"),
	/** The body paused, trickled or took too long. */
	UPLOAD_TOO_SLOW(HttpStatus.REQUEST_TIMEOUT, "upload-too-slow", "Upload too slow"),
	/** An upload with the same key is in flight or being settled. */
	UPLOAD_IN_PROGRESS(HttpStatus.CONFLICT, "upload-in-progress", "Upload in progress"),
	/** A file over the size limit. */
	FILE_TOO_LARGE(HttpStatus.CONTENT_TOO_LARGE, "file-too-large", "File too large"),
	/** A form field over its limit. */
	FORM_FIELD_TOO_LARGE(HttpStatus.CONTENT_TOO_LARGE, "form-field-too-large", "Form field too large"),
	/** Fields and part headers together over their limit. */
	FORM_TOO_LARGE(HttpStatus.CONTENT_TOO_LARGE, "form-too-large", "Form too large"),
	/** The raw body over its limit. */
	BODY_TOO_LARGE(HttpStatus.CONTENT_TOO_LARGE, "body-too-large", "Body too large"),
	/** The same key with another upload. */
	IDEMPOTENCY_KEY_REUSED(HttpStatus.UNPROCESSABLE_CONTENT, "idempotency-key-reused", "Idempotency-Key reused"),
	/** Anything unforeseen. */
	INTERNAL_ERROR(HttpStatus.INTERNAL_SERVER_ERROR, "internal-error", "Internal error"),
	/** The element stored something else than the ingester sent; the copy was deleted. */
	CHECKSUM_MISMATCH(HttpStatus.BAD_GATEWAY, "checksum-mismatch", "Stored copy does not match"),
	/** The Admin Module refused the registration; the copy was deleted. */
	REGISTRATION_FAILED(HttpStatus.BAD_GATEWAY, "registration-failed", "Registration failed"),
	/** No element stored the file. */
	STORAGE_ELEMENT_FAILED(HttpStatus.BAD_GATEWAY, "storage-element-failed", "Storage element failed"),
	/** The Admin Module failed or timed out. */
	ADMIN_MODULE_UNAVAILABLE(HttpStatus.BAD_GATEWAY, "admin-module-unavailable", "Admin Module unavailable"),
	/** No element had room. */
	NO_STORAGE_AVAILABLE(HttpStatus.SERVICE_UNAVAILABLE, "no-storage-available", "No storage available"),
	/** As many uploads as allowed are running. */
	TOO_MANY_UPLOADS(HttpStatus.SERVICE_UNAVAILABLE, "too-many-uploads", "Too many uploads"),
	/** PostgreSQL cannot be reached. */
	LEDGER_UNAVAILABLE(HttpStatus.SERVICE_UNAVAILABLE, "ledger-unavailable", "Upload ledger unavailable"),
	/** The registration's answer was lost; the reconciler settles it. */
	UPLOAD_OUTCOME_UNKNOWN(HttpStatus.GATEWAY_TIMEOUT, "upload-outcome-unknown",
			"Upload outcome not known yet; retry with the same Idempotency-Key to learn it");

	private final HttpStatus status;

	private final String type;

	private final String title;

	ProblemType(HttpStatus status, String type, String title) {
		this.status = status;
		this.type = type;
		this.title = title;
	}

	public HttpStatus status() {
		return this.status;
	}

	/** The last segment of the type URI, for example {@code file-too-large}. */
	public String type() {
		return this.type;
	}

	public String title() {
		return this.title;
	}

}
