package io.artstore.ingester.upload;

import java.time.Duration;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * How the reconciler settles uploads whose outcome the ingester could not know. Several
 * ingesters may reconcile at once: each claims its rows with
 * {@code FOR UPDATE SKIP LOCKED} and a lease.
 *
 * @param enabled whether this ingester reconciles at all
 * @param interval the pause between two passes
 * @param batchSize how many uploads and how many stray copies one pass claims
 * @param staleAfter how long an upload may sit in {@code RECEIVED} or {@code STORED}, by
 * the database's clock, before it counts as left behind by an ingester that stopped;
 * checked at start-up to be longer than an upload can take ({@link #checkAgainst})
 * @param lease how long a claimed row stays with the ingester that claimed it; the work
 * on one row stops at half of it, so a claim never lapses while its row is worked on
 * @param maxAttempts how often a row is tried before the reconciler gives up on it: an
 * upload ends {@code UNSETTLED}, a copy {@code ORPHANED}, both listed at
 * {@code /actuator/unsettled}
 * @param firstBackoff the pause before the second attempt; it doubles with each attempt
 * @param maxBackoff the longest pause between two attempts
 */
@ConfigurationProperties(prefix = "ingester.reconciler", ignoreUnknownFields = false)
public record ReconcilerProperties(@DefaultValue("true") boolean enabled, @DefaultValue("30s") Duration interval,
		@DefaultValue("50") int batchSize, @DefaultValue("2h") Duration staleAfter, @DefaultValue("5m") Duration lease,
		@DefaultValue("10") int maxAttempts, @DefaultValue("30s") Duration firstBackoff,
		@DefaultValue("1h") Duration maxBackoff) {

	/**
	 * Refuses to start with a {@code stale-after} that an upload still in flight could
	 * outlive: the reconciler would settle it under the flow's feet. The longest an
	 * upload can take is its body ({@code max-duration}), an answer and a look-up from
	 * each element it may try, the service token and the registration.
	 * @param maxDuration {@code ingester.upload.max-duration}
	 * @param storageAttempts {@code ingester.storage.max-attempts}
	 * @param storageResponseTimeout {@code ingester.storage.response-timeout}
	 * @param adminTimeout {@code ingester.admin.timeout}
	 */
	void checkAgainst(Duration maxDuration, int storageAttempts, Duration storageResponseTimeout,
			Duration adminTimeout) {
		Duration longest = maxDuration.plus(storageResponseTimeout.multipliedBy(2L * storageAttempts))
			.plus(adminTimeout.multipliedBy(2));
		if (this.staleAfter.compareTo(longest) <= 0) {
			throw new IllegalStateException("ingester.reconciler.stale-after (" + this.staleAfter
					+ ") must be longer than an upload can take, " + longest + ": ingester.upload.max-duration ("
					+ maxDuration + ") plus, for each of ingester.storage.max-attempts (" + storageAttempts
					+ ") elements, twice ingester.storage.response-timeout (" + storageResponseTimeout
					+ "), plus twice ingester.admin.timeout (" + adminTimeout + ")");
		}
		if (this.lease.compareTo(Duration.ofSeconds(2)) < 0) {
			throw new IllegalStateException("ingester.reconciler.lease (" + this.lease + ") must be 2s or longer");
		}
	}

	/**
	 * The pause after a failed attempt.
	 * @param attempts how often the row has been tried
	 * @return {@code first-backoff}, doubled for each attempt after the first, at most
	 * {@code max-backoff}
	 */
	public Duration backoff(int attempts) {
		Duration backoff = this.firstBackoff.multipliedBy(1L << Math.min(Math.max(attempts - 1, 0), 20));
		return (backoff.compareTo(this.maxBackoff) > 0) ? this.maxBackoff : backoff;
	}

}
