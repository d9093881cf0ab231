package io.artstore.ingester.storage;

import java.util.concurrent.atomic.AtomicLong;

/**
 * The memory that all uploads in flight together may hold for replay. An upload that
 * cannot get more simply stops keeping a replay copy: it can still succeed, but not be
 * retried on another element. This bounds the ingester's heap by configuration, whatever
 * the number of uploads.
 */
final class ReplayBudget {

	private final AtomicLong available;

	ReplayBudget(long bytes) {
		this.available = new AtomicLong(bytes);
	}

	/**
	 * Takes bytes from the budget if that many are left.
	 * @param bytes how many
	 * @return whether they were taken
	 */
	boolean tryTake(long bytes) {
		long current;
		do {
			current = this.available.get();
			if (current < bytes) {
				return false;
			}
		}
		while (!this.available.compareAndSet(current, current - bytes));
		return true;
	}

	void giveBack(long bytes) {
		this.available.addAndGet(bytes);
	}

	long available() {
		return this.available.get();
	}

}
