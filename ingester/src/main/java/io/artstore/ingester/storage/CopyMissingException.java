package io.artstore.ingester.storage;

/**
 * The element answered that it holds no copy under the file id asked for (a 404 whose
 * detail names the file).
 */
public class CopyMissingException extends RuntimeException {

	private static final long serialVersionUID = 1L;

	CopyMissingException(String message) {
		super(message, null, false, false);
	}

}
