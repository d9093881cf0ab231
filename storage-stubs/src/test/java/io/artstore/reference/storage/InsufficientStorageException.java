package io.artstore.reference.storage;

/** Signals that an upload does not fit in the element's free space. */
final class InsufficientStorageException extends RuntimeException {

	private static final long serialVersionUID = 1L;

	InsufficientStorageException() {
		super("Insufficient storage space", null, false, false);
	}

}
