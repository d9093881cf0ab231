package io.artstore.ingester.finalize;

import java.time.Clock;
import java.util.Map;
import java.util.UUID;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import reactor.core.publisher.Mono;

import org.springframework.http.HttpHeaders;
import org.springframework.stereotype.Service;

import io.artstore.ingester.admin.FileRegistration;
import io.artstore.ingester.admin.FileRegistry;
import io.artstore.ingester.admin.RegisteredFile;
import io.artstore.ingester.problem.ProblemException;
import io.artstore.ingester.problem.ProblemType;
import io.artstore.ingester.upload.UploadFinalizer;

/**
 * Starts finalizations and tells where they stand. Who may: a caller who may upload
 * finalizes the files it uploaded (the registry's {@code uploaded_by} is its
 * {@code sub}); an {@code admin} or {@code super_admin} any file. A file the caller may
 * not finalize is answered as one that does not exist, and a finalization is shown to
 * whoever started it and to admins only.
 */
@Service
class FinalizeService implements UploadFinalizer {

	private static final Logger logger = LoggerFactory.getLogger(FinalizeService.class);

	private final FileRegistry registry;

	private final FinalizationLedger ledger;

	private final Finalizer finalizer;

	private final Clock clock = Clock.systemUTC();

	FinalizeService(FileRegistry registry, FinalizationLedger ledger, Finalizer finalizer) {
		this.registry = registry;
		this.ledger = ledger;
		this.finalizer = finalizer;
	}

	/**
	 * Starts the finalization of a file, which then runs on without the caller, or finds
	 * the one that runs or ran already: two requests give one finalization.
	 * @param fileId the file
	 * @param caller who asks
	 * @return the finalization, and whether this request started it
	 */
	Mono<Started> start(UUID fileId, Caller caller) {
		return this.registry.registeredFile(fileId)
			.filter(caller::mayFinalize)
			.switchIfEmpty(Mono.error(() -> new ProblemException(ProblemType.FILE_NOT_FOUND,
					"No registered file " + fileId + " that you may finalize")))
			.flatMap((file) -> existing(fileId).switchIfEmpty(Mono.defer(() -> begin(file, caller))));
	}

	/**
	 * Finalizes a file its uploader has just registered as temporary, asking for
	 * permanent after the file: the registration is what the registry holds.
	 */
	@Override
	public Mono<UUID> finalizeRegistered(FileRegistration registration) {
		RegisteredFile file = new RegisteredFile(registration.fileId(), registration.storageElementId(),
				registration.fileSize(), registration.checksumSha256(), registration.retentionPolicy(), null,
				registration.uploadedBy(), registration.originalFilename(), registration.contentType(),
				registration.description());
		return begin(file, new Caller(registration.uploadedBy(), false))
			.map((started) -> started.row().transactionId());
	}

	private Mono<Started> existing(UUID fileId) {
		return this.ledger.current(fileId)
			.map((row) -> new Started(row, false))
			.onErrorMap(FinalizeService::ledgerUnavailable);
	}

	private Mono<Started> begin(RegisteredFile file, Caller caller) {
		if (!file.isTemporary()) {
			return Mono.error(new ProblemException(ProblemType.FILE_NOT_TEMPORARY,
					"File " + file.fileId() + " is " + file.retentionPolicy()
							+ ((file.finalizedAt() != null) ? ", finalized at " + file.finalizedAt() : "")
							+ "; only temporary files are finalized"));
		}
		Finalization started = Finalization.started(file.fileId(), caller.subject(), file.storageElementId(),
				file.fileSize(), file.checksumSha256(), this.clock.instant());
		return insertAndRun(started, file)
			// another request inserted first: it is the finalization, unless it ended
			// meanwhile without a copy, which lets this one start after all
			.switchIfEmpty(Mono.defer(() -> existing(file.fileId())))
			.switchIfEmpty(Mono.defer(() -> insertAndRun(started, file)))
			.switchIfEmpty(Mono.error(() -> new ProblemException(ProblemType.LEDGER_UNAVAILABLE,
					"Finalizations of file " + file.fileId() + " start and end too fast to tell which stands",
					Map.of(HttpHeaders.RETRY_AFTER, "1"))));
	}

	/**
	 * Writes a new finalization and runs it on, without the caller.
	 * @return the row, or empty when another finalization of the file stands
	 */
	private Mono<Started> insertAndRun(Finalization started, RegisteredFile file) {
		return this.ledger.insert(started).onErrorMap(FinalizeService::ledgerUnavailable).map((row) -> {
			this.finalizer.run(row, file).subscribe();
			return new Started(row, true);
		});
	}

	/**
	 * A finalization, if the caller may see it.
	 * @param transactionId the finalization
	 * @param caller who asks
	 * @return the row; a 404 problem when there is none the caller may see
	 */
	Mono<Finalization> find(UUID transactionId, Caller caller) {
		return this.ledger.find(transactionId)
			.onErrorMap(FinalizeService::ledgerUnavailable)
			.filter((row) -> caller.isAdmin() || caller.subject().equals(row.initiatedBy()))
			.switchIfEmpty(Mono.error(() -> new ProblemException(ProblemType.FINALIZATION_NOT_FOUND,
					"No finalization " + transactionId + " that you may see")));
	}

	private static Throwable ledgerUnavailable(Throwable failure) {
		if (failure instanceof ProblemException) {
			return failure;
		}
		ProblemException problem = new ProblemException(ProblemType.LEDGER_UNAVAILABLE,
				"The finalization ledger cannot be read or written: " + failure.getMessage(),
				Map.of(HttpHeaders.RETRY_AFTER, "5"));
		logger.warn("Finalization ledger unavailable, error_id={}", problem.errorId(), failure);
		return problem;
	}

	/**
	 * Who asks.
	 *
	 * @param subject the token's {@code sub}
	 * @param isAdmin whether its role is {@code admin} or higher
	 */
	record Caller(String subject, boolean isAdmin) {

		boolean mayFinalize(RegisteredFile file) {
			return this.isAdmin || this.subject.equals(file.uploadedBy());
		}

	}

	/**
	 * A finalization, as a request found it.
	 *
	 * @param row the finalization
	 * @param created whether this request started it
	 */
	record Started(Finalization row, boolean created) {
	}

}
