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
 * @param staleAfter how long an upload may sit in {@code RECEIVED} or {@code STORED}
 * before it counts as left behind by an ingester that stopped; longer than
 * {@code ingester.upload.max-duration} plus the storage and Admin timeouts
 * @param lease how long a claimed row stays with the ingester that claimed it
 * @param maxAttempts how often a row is tried before the reconciler gives up on it (it
 * stays as it is, named in the log and counted in {@code ingester.reconciler.outcomes})
 * @param firstBackoff the pause before the second attempt; it doubles with each attempt
 * @param maxBackoff the longest pause between two attempts
 */
@ConfigurationProperties(prefix = "ingester.reconciler", ignoreUnknownFields = false)
public record ReconcilerProperties(@DefaultValue("true") boolean enabled, @DefaultValue("30s") Duration interval,
		@DefaultValue("50") int batchSize, @DefaultValue("2h") Duration staleAfter, @DefaultValue("5m") Duration lease,
		@DefaultValue("10") int maxAttempts, @DefaultValue("30s") Duration firstBackoff,
		@DefaultValue("1h") Duration maxBackoff) {

	/** The pause after a failed attempt. */
	Duration backoff(int attempts) {
		Duration backoff = this.firstBackoff.multipliedBy(1L << Math.min(Math.max(attempts - 1, 0), 20));
		return (backoff.compareTo(this.maxBackoff) > 0) ? this.maxBackoff : backoff;
	}

}
