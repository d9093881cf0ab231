package io.artstore.ingester.upload;

import java.util.function.Consumer;

import reactor.core.publisher.Mono;

/**
 * What another feature settles on the {@link Reconciler}'s schedule, after the uploads
 * and their copies, each row claimed alone within the reconciler's batch size and lease.
 */
public interface ReconcilerPass {

	/**
	 * One pass.
	 * @param outcomes counts what each settled row came to, in
	 * {@code ingester.reconciler.outcomes}
	 * @return completes when the pass is done; a failure ends only this pass
	 */
	Mono<Void> reconcile(Consumer<String> outcomes);

}
