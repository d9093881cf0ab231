package io.artstore.ingester.upload;

import java.util.Arrays;
import java.util.Optional;

/** How long artStore keeps a file, and so which kind of storage element it goes to. */
enum RetentionPolicy {

	/** Kept for {@code ttl_days}, on an element in {@code edit} mode. */
	TEMPORARY("temporary", "edit"),
	/** Kept for good, on an element in {@code rw} mode. */
	PERMANENT("permanent", "rw");

	private final String value;

	private final String storageMode;

	RetentionPolicy(String value, String storageMode) {
		this.value = value;
		this.storageMode = storageMode;
	}

	String value() {
		return this.value;
	}

	String storageMode() {
		return this.storageMode;
	}

	static Optional<RetentionPolicy> of(String value) {
		return Arrays.stream(values()).filter((policy) -> policy.value.equals(value)).findFirst();
	}

}
