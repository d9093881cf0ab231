package io.artstore.ingester.upload;

import java.util.UUID;

import reactor.core.publisher.Mono;

import io.artstore.ingester.admin.FileRegistration;

/**
 * Finalizes an upload as soon as it is registered: what a
 * {@code retention_policy=permanent} that came after the file asks for, since the file
 * had gone to an edit element by then. Implemented by the finalization feature.
 */
public interface UploadFinalizer {

	/**
	 * Starts the finalization of a file that was just registered as temporary.
	 * @param registration what was registered
	 * @return the finalization's transaction id, once it is in the ledger
	 */
	Mono<UUID> finalizeRegistered(FileRegistration registration);

}
