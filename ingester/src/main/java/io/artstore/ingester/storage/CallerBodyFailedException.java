package io.artstore.ingester.storage;

/**
 * The body being sent to an element failed on the caller's side (the caller went away,
 * its body broke): the element did nothing wrong and its breaker does not count it.
 */
class CallerBodyFailedException extends RuntimeException {

	private static final long serialVersionUID = 1L;

	CallerBodyFailedException(Throwable cause) {
		super(cause.getMessage(), cause, false, false);
	}

}
