package io.artstore.ingester.storage;

/** Why one element did not store a file; the next element may still be tried. */
class UploadAttemptException extends RuntimeException {

	private static final long serialVersionUID = 1L;

	/** What the element said. */
	enum Kind {

		/** 507: out of space. */
		INSUFFICIENT_STORAGE,
		/** 401: the service token was not accepted. */
		TOKEN_REJECTED,
		/** Anything else: unreachable, a timeout, a 4xx or 5xx answer. */
		FAILED

	}

	private final Kind kind;

	UploadAttemptException(Kind kind, String message) {
		super(message, null, false, false);
		this.kind = kind;
	}

	Kind kind() {
		return this.kind;
	}

}
