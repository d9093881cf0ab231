package io.artstore.ingester.storage;

/**
 * Why one element did not store a file, or may not have: the next element may still be
 * tried, and an attempt that {@link #mayHaveStored() may have stored} the file is settled
 * by asking the element for the upload's id.
 */
class UploadAttemptException extends RuntimeException {

	private static final long serialVersionUID = 1L;

	/** What the element said. */
	enum Kind {

		/** 507: out of space. */
		INSUFFICIENT_STORAGE,
		/** 401: the service token was not accepted. */
		TOKEN_REJECTED,
		/**
		 * Any other 4xx answer but 408, 409 and 429 (which a proxy may give for a request
		 * it passed on): the element refused the file.
		 */
		REFUSED,
		/**
		 * 503: the element stored nothing and cannot take files for now (starting,
		 * draining); it may be tried again later.
		 */
		UNAVAILABLE,
		/**
		 * No connection: refused, timed out, or none free in the pool; or the element's
		 * circuit breaker is open. Nothing was sent.
		 */
		UNREACHABLE,
		/**
		 * The file was sent, or partly sent, and no answer says what became of it: a
		 * timeout, a 5xx answer other than 503, a 408, 409 or 429, a connection that
		 * broke.
		 */
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

	/** Whether the element may hold a copy although it did not say so. */
	boolean mayHaveStored() {
		return this.kind == Kind.FAILED;
	}

	/** Whether the attempt says something about the element's health. */
	boolean isElementFault() {
		return this.kind == Kind.FAILED || this.kind == Kind.UNREACHABLE;
	}

}
