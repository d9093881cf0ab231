package io.artstore.ingester.upload;

/**
 * Where a copy that an upload may have left on an element stands in {@code stray_copies}.
 */
enum CopyStatus {

	/** An element may hold a copy that no answer told of; the reconciler asks it. */
	SUSPECTED,
	/** The element holds no such copy. */
	ABSENT,
	/**
	 * The element holds the copy and it is the upload's own (its row or the registry
	 * names it there).
	 */
	KEPT,
	/** The copy was removed. */
	DELETED,
	/**
	 * The copy could not be removed (the element refused, or {@code max-attempts} ran
	 * out): the row is the record of an orphan, listed at {@code /actuator/unsettled}.
	 */
	ORPHANED

}
