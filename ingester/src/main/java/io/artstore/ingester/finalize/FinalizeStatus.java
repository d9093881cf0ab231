package io.artstore.ingester.finalize;

import java.util.Locale;

/**
 * Where a finalization stands, with the names and progress the upstream ingester reports
 * (its callers poll for them). {@link Finalizer} decides every move; the ledger writes
 * them.
 */
enum FinalizeStatus {

	/**
	 * Streaming the source's bytes to the target; once the row names a target, a copy may
	 * be there.
	 */
	COPYING(25),
	/** The target stored the bytes and its checksum is the registry's. */
	COPIED(50),
	/**
	 * The target's metadata agrees; the Admin Module is being told (or its answer was
	 * lost, and the reconciler asks it).
	 */
	VERIFYING(75),
	/** The Admin Module records the file as permanent on the target. */
	COMPLETED(100),
	/**
	 * A step failed. With a target named, its copy is still to be removed (then
	 * {@code ROLLED_BACK}); without one, nothing was sent and nothing is left.
	 */
	FAILED(0),
	/** A step failed and the target's copy was removed: the file is as it was. */
	ROLLED_BACK(0);

	private final int progressPercent;

	FinalizeStatus(int progressPercent) {
		this.progressPercent = progressPercent;
	}

	int progressPercent() {
		return this.progressPercent;
	}

	/** The name in answers: lower case, as upstream. */
	String value() {
		return name().toLowerCase(Locale.ROOT);
	}

	/**
	 * Whether the work on the file is still going on (the flow's or the reconciler's).
	 */
	boolean inFlight() {
		return this == COPYING || this == COPIED || this == VERIFYING;
	}

}
