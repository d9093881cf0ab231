package io.artstore.ingester.upload;

/** Where an upload stands. */
enum UploadStatus {

	/** The file is streaming to a storage element. */
	RECEIVED,
	/** A storage element holds the file; the Admin Module does not know it yet. */
	STORED,
	/** The Admin Module's registry holds the file: the upload succeeded. */
	REGISTERED,
	/**
	 * A dependency failed and nothing needed undoing, or the undoing failed (see the
	 * reason).
	 */
	FAILED,
	/** A later step failed and the stored copy was deleted again. */
	COMPENSATED,
	/**
	 * The registration was sent and its outcome is not known (a timeout, a 5xx, the
	 * caller went away); the reconciler asks the Admin Module and settles it.
	 */
	UNCERTAIN

}
