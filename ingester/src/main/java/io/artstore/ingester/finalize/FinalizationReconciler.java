package io.artstore.ingester.finalize;

import java.time.Duration;
import java.util.concurrent.TimeoutException;
import java.util.function.Consumer;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

import org.springframework.stereotype.Component;

import io.artstore.ingester.finalize.FinalizationLedger.Claimed;
import io.artstore.ingester.upload.ReconcilerPass;
import io.artstore.ingester.upload.ReconcilerProperties;

/**
 * Carries on, on the reconciler's schedule, what no running finalization does: one left
 * in flight by an ingester that stopped (no sign of life for
 * {@code ingester.finalize.stale-after}), a failed one whose target copy is still to be
 * removed, and a completed one whose source copy is due for removal. Rows are claimed one
 * at a time with {@code FOR UPDATE SKIP LOCKED} and the reconciler's lease; one that
 * cannot be settled is tried again after the reconciler's backoff, for as long as it
 * takes (each try from {@code max-attempts} on is logged as an error).
 */
@Component
class FinalizationReconciler implements ReconcilerPass {

	private static final Logger logger = LoggerFactory.getLogger(FinalizationReconciler.class);

	private final FinalizationLedger ledger;

	private final Finalizer finalizer;

	private final ReconcilerProperties reconciler;

	private final FinalizeProperties properties;

	FinalizationReconciler(FinalizationLedger ledger, Finalizer finalizer, ReconcilerProperties reconciler,
			FinalizeProperties properties) {
		this.ledger = ledger;
		this.finalizer = finalizer;
		this.reconciler = reconciler;
		this.properties = properties;
	}

	/** Up to {@code batch-size} finalizations, each claimed and settled in turn. */
	@Override
	public Mono<Void> reconcile(Consumer<String> outcomes) {
		return Flux.range(0, this.reconciler.batchSize())
			.concatMap((index) -> this.ledger.claim(this.properties.staleAfter(), this.reconciler.lease())
				.flatMap(this::settle)
				.doOnNext(outcomes)
				.map((outcome) -> true)
				.defaultIfEmpty(false), 0)
			.takeWhile((claimedOne) -> claimedOne)
			.then();
	}

	private Mono<String> settle(Claimed claimed) {
		Finalization row = claimed.row();
		Duration limit = this.reconciler.lease().dividedBy(2);
		return this.finalizer.settle(row)
			.timeout(limit, Mono.error(() -> new TimeoutException("not settled within half the lease")))
			.flatMap((outcome) -> stillOpen(row, outcome))
			.onErrorResume((ex) -> {
				if (claimed.attempts() >= this.reconciler.maxAttempts()) {
					logger.error("Finalization {} of file {} ({}) not settled after {} attempts: {}",
							row.transactionId(), row.fileId(), row.status(), claimed.attempts(), ex.getMessage());
				}
				else {
					logger.info("Finalization {} ({}) could not be settled yet: {}", row.transactionId(), row.status(),
							ex.getMessage());
				}
				return this.ledger.retryLater(row, this.reconciler.backoff(claimed.attempts()))
					.onErrorResume((write) -> Mono.empty())
					.thenReturn("finalization-retry");
			});
	}

	/**
	 * A settlement that left the row open (in flight, or failed with its copy not removed
	 * yet) is tried again after the backoff rather than at once.
	 */
	private Mono<String> stillOpen(Finalization row, String outcome) {
		return this.ledger.find(row.transactionId())
			.filter((now) -> now.status().inFlight()
					|| (now.status() == FinalizeStatus.FAILED && now.targetElementId() != null))
			.flatMap((now) -> Mono.<String>error(new IllegalStateException("still " + now.status())))
			.defaultIfEmpty(outcome);
	}

}
