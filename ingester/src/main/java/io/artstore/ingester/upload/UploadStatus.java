package io.artstore.ingester.upload;

/**
 * Where an upload stands in the ledger. {@link UploadSettlement} decides every move from
 * one to another; {@link UploadLedger} writes them.
 */
enum UploadStatus {

	/**
	 * The row names the element the file is going to (once one is chosen): a copy may be
	 * there. An upload in flight; left here by an ingester that stopped, it is settled by
	 * the reconciler after {@code stale-after}.
	 */
	RECEIVED,
	/**
	 * A storage element holds the checked file and the Admin Module does not know it yet
	 * (written by earlier versions only; settled like {@code UNCERTAIN}).
	 */
	STORED,
	/** The Admin Module's registry holds the file: the upload succeeded. */
	REGISTERED,
	/**
	 * The upload ended without a file: no element holds a copy that this row does not
	 * name in {@code stray_copies}.
	 */
	FAILED,
	/** A later step failed and the stored copy was removed again. */
	COMPENSATED,
	/**
	 * The flow ended and its outcome is not known (the caller went away, a registration's
	 * answer was lost): the row names the element that may hold the copy, and carries its
	 * checksum only if the registration went out. The reconciler settles it.
	 */
	UNCERTAIN,
	/**
	 * The reconciler gave up after {@code max-attempts}: the outcome is still not known,
	 * so the row keeps its {@code Idempotency-Key}; listed at {@code /actuator/unsettled}
	 * for an operator.
	 */
	UNSETTLED;

	/** Whether the upload ended certainly without a file, so that its key is free. */
	boolean endedWithoutFile() {
		return this == FAILED || this == COMPENSATED;
	}

}
