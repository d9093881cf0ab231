package io.artstore.ingester.storage;

/**
 * The element refused to delete a copy (a 4xx other than 404): an element in {@code rw}
 * mode never deletes. Trying again will not help; the copy is an orphan to record.
 */
public class CopyNotDeletableException extends RuntimeException {

	private static final long serialVersionUID = 1L;

	CopyNotDeletableException(String message) {
		super(message, null, false, false);
	}

}
