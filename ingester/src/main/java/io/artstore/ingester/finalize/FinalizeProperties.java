package io.artstore.ingester.finalize;

import java.time.Duration;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * How finalizations run.
 *
 * @param cleanupAfter how long after a finalization completes its source copy is removed
 * (upstream's safety margin): callers that still read the temporary copy have that long
 * @param staleAfter how long a finalization may go without a sign of life from the
 * ingester working on it (it shows one every quarter of this) before a reconciler takes
 * it for one left behind and resumes or undoes it
 * @param verifyAttempts how often the target's metadata is read back before its checksum
 * counts as not the registry's
 */
@ConfigurationProperties(prefix = "ingester.finalize", ignoreUnknownFields = false)
public record FinalizeProperties(@DefaultValue("24h") Duration cleanupAfter, @DefaultValue("2m") Duration staleAfter,
		@DefaultValue("3") int verifyAttempts) {

	public FinalizeProperties {
		if (staleAfter.compareTo(Duration.ofSeconds(4)) < 0) {
			throw new IllegalStateException("ingester.finalize.stale-after (" + staleAfter + ") must be 4s or longer");
		}
	}

	/** How often a running finalization shows that it is alive. */
	Duration heartbeat() {
		return this.staleAfter.dividedBy(4);
	}

}
