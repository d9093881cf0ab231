package io.artstore.ingester.upload;

import io.artstore.ingester.storage.Placement;

/**
 * How far one upload in flight got, as the ingester knows it: each step says what a
 * failure, a caller that goes away or a crash at that point leaves behind, and so what
 * {@link UploadSettlement} does about it.
 */
sealed interface UploadProgress {

	/** The row as it stands in memory. */
	Upload row();

	/** The form and the file's headers are checked; nothing is written or sent yet. */
	record Checked(Upload row) implements UploadProgress {
	}

	/**
	 * The row names the element the file is going to ({@code storageElementId}): that
	 * element may hold a copy under the upload's id.
	 */
	record Sending(Upload row) implements UploadProgress {
	}

	/** The element answered with a copy of the file (checked, or being checked). */
	record Stored(Upload row, Placement placement) implements UploadProgress {
	}

	/** The registration went out: the registry may hold the file. */
	record Registering(Upload row, Placement placement) implements UploadProgress {
	}

	/**
	 * The flow has written how the upload ended (or forgotten it); nothing is left to do.
	 */
	record Ended(Upload row) implements UploadProgress {
	}

}
