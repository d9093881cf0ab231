package io.artstore.ingester.upload;

import java.time.Clock;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicBoolean;

import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.event.Level;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.core.io.buffer.DataBuffer;
import org.springframework.core.io.buffer.DataBufferUtils;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.http.codec.multipart.FilePartEvent;
import org.springframework.http.codec.multipart.PartEvent;
import org.springframework.stereotype.Service;

import io.artstore.ingester.admin.FileRegistration;
import io.artstore.ingester.admin.FileRegistry;
import io.artstore.ingester.admin.RegistrationUncertainException;
import io.artstore.ingester.admin.StorageElementDirectory;
import io.artstore.ingester.problem.ProblemException;
import io.artstore.ingester.problem.ProblemType;
import io.artstore.ingester.storage.OutgoingFile;
import io.artstore.ingester.storage.Placement;
import io.artstore.ingester.storage.StoragePlacer;
import io.artstore.ingester.storage.StoreAttempts;
import io.artstore.ingester.storage.SuspectedCopy;

/**
 * The upload flow: validate the form, stream the file to a storage element while
 * measuring it, check what the element stored, register it with the Admin Module, and
 * record every step in the ledger. A failure after the file was stored deletes it again,
 * so that no storage element keeps a file that artStore does not know. An outcome the
 * ingester cannot know (a lost answer, a caller that went away) is recorded as such, in
 * an {@code UNCERTAIN} row or a stray copy, for the {@link Reconciler} to settle; it is
 * never guessed.
 */
@Service
class UploadService {

	private static final Logger logger = LoggerFactory.getLogger(UploadService.class);

	private static final String CALLER_WENT_AWAY = "the caller went away before the upload completed";

	private final StorageElementDirectory directory;

	private final StoragePlacer placer;

	private final FileRegistry registry;

	private final UploadLedger ledger;

	private final UploadProperties properties;

	private final JsonMapper jsonMapper;

	private final StrayCopies strays;

	private final Clock clock;

	UploadService(StorageElementDirectory directory, StoragePlacer placer, FileRegistry registry, UploadLedger ledger,
			UploadProperties properties, JsonMapper jsonMapper, StrayCopies strays) {
		this.directory = directory;
		this.placer = placer;
		this.registry = registry;
		this.ledger = ledger;
		this.properties = properties;
		this.jsonMapper = jsonMapper;
		this.strays = strays;
		this.clock = Clock.systemUTC();
	}

	/**
	 * Runs one upload, or answers again what an earlier upload with the same
	 * {@code Idempotency-Key} answered.
	 * @param parts the multipart body as it arrives
	 * @param uploader the caller's {@code sub}
	 * @param idempotencyKey the caller's key, if any
	 * @return the registered upload
	 */
	Mono<UploadResponse> upload(Flux<PartEvent> parts, String uploader, @Nullable String idempotencyKey) {
		if (idempotencyKey == null) {
			return upload(parts, uploader, null, null);
		}
		return this.ledger.findByKey(uploader, idempotencyKey)
			.onErrorMap(this::ledgerUnavailable)
			.flatMap((earlier) -> {
				boolean expired = earlier.createdAt()
					.isBefore(this.clock.instant().minus(this.properties.idempotencyKeyTtl()));
				if (expired && earlier.status() == UploadStatus.REGISTERED) {
					return this.ledger.releaseKey(earlier).then(Mono.<Upload>empty());
				}
				if (earlier.status() != UploadStatus.REGISTERED) {
					return Mono.error(inProgress(idempotencyKey));
				}
				return Mono.just(earlier);
			})
			.map(Optional::of)
			.defaultIfEmpty(Optional.empty())
			.flatMap((earlier) -> upload(parts, uploader, idempotencyKey, earlier.orElse(null)));
	}

	private Mono<UploadResponse> upload(Flux<PartEvent> parts, String uploader, @Nullable String idempotencyKey,
			@Nullable Upload earlier) {
		Flow flow = new Flow(idempotencyKey, earlier);
		long started = System.nanoTime();
		return MultipartUploads.read(parts, (body) -> upload(flow, body, uploader))
			.switchIfEmpty(Mono.error(() -> new ProblemException(ProblemType.MISSING_FILE,
					"The form needs a part named 'file' that carries the file")))
			.flatMap((response) -> recordSuspects(flow).thenReturn(response))
			.onErrorResume((ex) -> recordSuspects(flow).then(Mono.error(ex)))
			.doOnSuccess((response) -> log(flow, started, "registered", null))
			.doOnError((ex) -> log(flow, started, outcome(ex), ex))
			.doOnCancel(() -> log(flow, started, "abandoned", null));
	}

	/**
	 * One upload, in order: store the file, read the rest of the body, register. A
	 * failure once the file is stored has one way back, {@link #undo}: a caller's broken
	 * body forgets the upload, anything else leaves a row that says why.
	 */
	private Mono<UploadResponse> upload(Flow flow, UploadBody body, String uploader) {
		Received received;
		try {
			received = receive(flow, body, uploader);
		}
		catch (ProblemException ex) {
			return Mono.error(ex);
		}
		Upload earlier = flow.earlier;
		if (earlier != null) {
			// then() discards the content, which the upload's discard hook releases
			return received.inspector()
				.inspect(body.content())
				.then(body.trailer())
				.then(Mono.defer(() -> replay(earlier, received)));
		}
		return store(flow, body, received)
			.flatMap((stored) -> body.trailer()
				.then(Mono.just(stored))
				.onErrorResume((ex) -> undo(stored.row(), stored.placement(), ex,
						ProblemException.isCallerFault(ex) ? Outcome.FORGOTTEN : Outcome.COMPENSATED)))
			.flatMap(this::register);
	}

	/**
	 * One line per upload, with what is known of it; never a token. A warning when the
	 * ingester or a service behind it failed the upload, so that operators see it at the
	 * default level.
	 */
	private static void log(Flow flow, long startNanos, String outcome, @Nullable Throwable failure) {
		Upload row = flow.row;
		ContentInspector inspector = flow.inspector;
		long size = (inspector != null) ? inspector.size() : 0;
		long duration = (System.nanoTime() - startNanos) / 1_000_000;
		String detail = (failure != null) ? failure.getMessage() : null;
		String errorId = (failure instanceof ProblemException problem) ? problem.errorId() : null;
		boolean serverFault = failure != null && !ProblemException.isCallerFault(failure);
		logger.atLevel(serverFault ? Level.WARN : Level.INFO)
			.setMessage("upload id={} size={} element={} duration_ms={} outcome={}{}{}")
			.addArgument((row != null) ? row.id() : "-")
			.addArgument(size)
			.addArgument((flow.elementId != null) ? flow.elementId : "-")
			.addArgument(duration)
			.addArgument(outcome)
			.addArgument((errorId != null) ? " error_id=" + errorId : "")
			.addArgument((detail != null) ? " detail=" + detail : "")
			.addKeyValue("upload_id", (row != null) ? row.id() : null)
			.addKeyValue("size_bytes", size)
			.addKeyValue("storage_element_id", flow.elementId)
			.addKeyValue("duration_ms", duration)
			.addKeyValue("outcome", outcome)
			.addKeyValue("error_id", errorId)
			.addKeyValue("detail", detail)
			.log();
	}

	private static String outcome(Throwable failure) {
		if (failure instanceof ProblemException problem) {
			return "refused-" + problem.status().value();
		}
		return "failed";
	}

	/** The form and the file part's headers, checked, and the row they make. */
	private Received receive(Flow flow, UploadBody body, String uploader) {
		UploadForm form = UploadForm.parse(body.fields(), this.jsonMapper);
		FilePartEvent file = body.file();
		String filename = FileNames.original(file.filename());
		MediaType contentType = Objects.requireNonNullElse(file.headers().getContentType(),
				MediaType.APPLICATION_OCTET_STREAM);
		String contentTypeValue = FileNames.contentType(contentType.toString());
		ContentInspector inspector = new ContentInspector(this.properties.maxFileSize().toBytes());
		flow.inspector = inspector;
		Upload row = Upload.received(uploader, filename, contentTypeValue, form, flow.idempotencyKey,
				this.clock.instant());
		OutgoingFile outgoing = new OutgoingFile(filename, contentType, form.description(),
				form.retentionPolicy().value());
		return new Received(row, outgoing, form.retentionPolicy().storageMode(), inspector);
	}

	/**
	 * Streams the file to an element from its first bytes on: the row is written, the
	 * candidates looked up, the file placed and what the element stored checked.
	 */
	private Mono<StoredUpload> store(Flow flow, UploadBody body, Received received) {
		ContentInspector inspector = received.inspector();
		return inspector.inspect(body.content()).switchOnFirst((first, checked) -> {
			if (first.isOnError()) {
				return checked.then(Mono.<StoredUpload>empty());
			}
			if (!first.hasValue()) {
				return Mono.error(new ProblemException(ProblemType.EMPTY_FILE, "The file has no content"));
			}
			StoreAttempts attempts = flow.attempts;
			// switchOnFirst holds the first buffer until the content is taken; if the
			// upload ends before a storage element took it, it is released here.
			AtomicBoolean taken = new AtomicBoolean();
			Flux<DataBuffer> content = checked.doOnSubscribe((subscription) -> taken.set(true));
			return this.ledger.insert(received.row())
				.onErrorMap((ex) -> (ex instanceof DuplicateKeyException) ? inProgress(flow.idempotencyKey)
						: ledgerUnavailable(ex))
				.doOnNext((row) -> flow.row = row)
				.flatMap((row) -> this.directory.candidates(received.storageMode())
					.flatMap((candidates) -> this.placer.store(candidates, content, received.outgoing(), row.id(),
							attempts))
					.onErrorResume((ex) -> abandon(row, ex, attempts))
					.doOnNext((placement) -> flow.elementId = placement.element().elementId())
					.flatMap((placement) -> verify(row, placement, inspector))
					.doOnCancel(() -> abandonedByCaller(row, attempts)))
				.doFinally((signal) -> {
					if (taken.compareAndSet(false, true)) {
						checked.take(1).subscribe(DataBufferUtils::release, (ex) -> {
						});
					}
				});
			// singleOrEmpty, not next: next cancels the stored upload's own chain once it
			// has emitted, which its doOnCancel would take for a caller that went away
		}).singleOrEmpty();
	}

	/**
	 * The same key again: the same upload gets the first answer, with nothing stored
	 * again; another upload under that key is refused.
	 */
	private Mono<UploadResponse> replay(Upload earlier, Received receivedUpload) {
		Upload received = receivedUpload.row();
		ContentInspector inspector = receivedUpload.inspector();
		boolean same = Objects.equals(earlier.originalFilename(), received.originalFilename())
				&& Objects.equals(earlier.contentType(), received.contentType())
				&& Objects.equals(earlier.description(), received.description())
				&& Objects.equals(earlier.retentionPolicy(), received.retentionPolicy())
				&& Objects.equals(earlier.ttlDays(), received.ttlDays())
				&& Objects.equals(earlier.metadata(), received.metadata())
				&& Objects.equals(earlier.fileSize(), inspector.size())
				&& inspector.checksum().equalsIgnoreCase(String.valueOf(earlier.checksum()));
		if (!same) {
			return Mono.error(new ProblemException(ProblemType.IDEMPOTENCY_KEY_REUSED,
					"This Idempotency-Key was used for another upload; use a new key for a new upload"));
		}
		return Mono.just(UploadResponse.of(earlier));
	}

	private ProblemException inProgress(@Nullable String idempotencyKey) {
		return new ProblemException(ProblemType.UPLOAD_IN_PROGRESS,
				"An upload with Idempotency-Key " + idempotencyKey
						+ " is still in progress or its outcome is being settled; retry later",
				Map.of(HttpHeaders.RETRY_AFTER, String.valueOf(this.properties.busyRetryAfter().toSeconds())));
	}

	/** The ledger cannot be written: refused before a byte reaches a storage element. */
	private Throwable ledgerUnavailable(Throwable failure) {
		if (failure instanceof ProblemException) {
			return failure;
		}
		ProblemException problem = new ProblemException(ProblemType.LEDGER_UNAVAILABLE,
				"The upload ledger cannot be written: " + failure.getMessage(),
				Map.of(HttpHeaders.RETRY_AFTER, String.valueOf(this.properties.busyRetryAfter().toSeconds())));
		logger.warn("Upload ledger unavailable, error_id={}", problem.errorId(), failure);
		return problem;
	}

	/** Notes the elements that may hold a copy that no answer told of. */
	private Mono<Void> recordSuspects(Flow flow) {
		Upload row = flow.row;
		List<SuspectedCopy> suspected = flow.attempts.suspected();
		if (row == null || suspected.isEmpty()) {
			return Mono.empty();
		}
		return this.strays.suspect(row.id(), suspected, "a storage element's answer was lost").onErrorResume((ex) -> {
			logger.error("Could not record possible stray copies of upload {} on {}", row.id(), suspected, ex);
			return Mono.empty();
		});
	}

	private Mono<StoredUpload> verify(Upload row, Placement placement, ContentInspector inspector) {
		long size = inspector.size();
		String checksum = inspector.checksum();
		if (placement.copy().fileSize() != size || !checksum.equalsIgnoreCase(placement.copy().checksum())) {
			String reason = "Storage element " + placement.element().elementId() + " reported "
					+ placement.copy().fileSize() + " bytes with SHA-256 " + placement.copy().checksum()
					+ "; the ingester sent " + size + " bytes with SHA-256 " + checksum;
			return undo(row, placement, new ProblemException(ProblemType.CHECKSUM_MISMATCH, reason),
					Outcome.COMPENSATED);
		}
		// Not written now: the next write (registered, uncertain, compensated) carries
		// where the copy is. A row left RECEIVED meanwhile is settled by the reconciler,
		// which finds the copy by the upload's key and asks the Admin Module about it.
		return Mono.just(new StoredUpload(row.stored(placement,
				FileNames.stored(placement.copy().fileId().toString(), row.originalFilename()), this.clock.instant()),
				placement));
	}

	/**
	 * Registers a stored file. A refusal deletes the copy again; an answer that was lost
	 * leaves the row {@code UNCERTAIN} for the reconciler.
	 */
	private Mono<UploadResponse> register(StoredUpload upload) {
		FileRegistration registration = upload.row().toRegistration();
		return this.registry.register(registration)
			.then(Mono.defer(() -> recordRegistered(upload.row())))
			.onErrorResume((ex) -> (ex instanceof RegistrationUncertainException) ? uncertain(upload.row(), ex)
					: undo(upload.row(), upload.placement(), new ProblemException(ProblemType.REGISTRATION_FAILED,
							"The file was stored but the Admin Module did not register it, so it was deleted again: "
									+ ex.getMessage()),
							Outcome.COMPENSATED))
			.doOnCancel(() -> this.ledger
				.updateIfStill(UploadStatus.RECEIVED, upload.row().uncertain(CALLER_WENT_AWAY, this.clock.instant()))
				.doOnError((ex) -> logger.warn("Could not record abandoned upload {}", upload.row().id(), ex))
				.onErrorResume((ex) -> Mono.empty())
				.subscribe())
			.map(UploadResponse::of);
	}

	/**
	 * The Admin Module holds the file: the upload succeeded, whether or not the ledger
	 * can say so now (a row left {@code RECEIVED} is settled by the reconciler, which
	 * finds the copy by the upload's key and the Admin Module holding it).
	 */
	private Mono<Upload> recordRegistered(Upload row) {
		Upload registered = row.registered(this.clock.instant());
		return this.ledger.update(registered).onErrorResume((ex) -> {
			logger.warn("Upload {} is registered but the ledger could not record it; the reconciler will", row.id(),
					ex);
			return Mono.just(registered);
		});
	}

	/**
	 * The registration went out and its outcome is not known: the row says so, the copy
	 * stays, and the caller learns that it may retry with its key to get the outcome.
	 */
	private <T> Mono<T> uncertain(Upload row, Throwable cause) {
		ProblemException problem = new ProblemException(ProblemType.UPLOAD_OUTCOME_UNKNOWN,
				"The Admin Module's answer to the registration was lost: " + cause.getMessage(),
				Map.of(HttpHeaders.RETRY_AFTER, String.valueOf(this.properties.busyRetryAfter().toSeconds())));
		return this.ledger.update(row.uncertain(String.valueOf(cause.getMessage()), this.clock.instant()))
			.onErrorResume((ex) -> Mono.empty())
			.then(Mono.error(problem));
	}

	/**
	 * Records that the caller went away before the file was stored; an element that was
	 * being sent the file may hold a copy, which the reconciler looks for.
	 */
	private void abandonedByCaller(Upload row, StoreAttempts attempts) {
		attempts.abandoned();
		this.ledger.updateIfStill(UploadStatus.RECEIVED, row.failed(CALLER_WENT_AWAY, this.clock.instant()))
			.flatMap((updated) -> updated ? this.strays.suspect(row.id(), attempts.suspected(), CALLER_WENT_AWAY)
					: Mono.empty())
			.doOnError((ex) -> logger.warn("Could not record abandoned upload {}", row.id(), ex))
			.onErrorResume((ex) -> Mono.empty())
			.subscribe();
	}

	/**
	 * No element stored the file. A caller's bad input leaves no row, unless an element
	 * may hold a copy: then the row stays, as what the stray copy belongs to.
	 */
	private <T> Mono<T> abandon(Upload row, Throwable ex, StoreAttempts attempts) {
		Mono<?> record = (ProblemException.isCallerFault(ex) && attempts.suspected().isEmpty())
				? this.ledger.forget(row)
				: this.ledger.update(row.failed(String.valueOf(ex.getMessage()), this.clock.instant()));
		return record.onErrorResume((ledgerFailure) -> Mono.empty()).then(Mono.error(ex));
	}

	/**
	 * Deletes a stored copy again after a later step failed, then records the upload as
	 * compensated or, for a caller's bad input, forgets it. A copy that cannot be deleted
	 * is an orphan: the row says so, with its id, and the error is logged.
	 */
	private <T> Mono<T> undo(Upload row, Placement placement, Throwable cause, Outcome outcome) {
		Mono<?> record = (outcome == Outcome.FORGOTTEN) ? this.ledger.forget(row)
				: this.ledger.update(row.compensated(String.valueOf(cause.getMessage()), this.clock.instant()));
		return this.placer.delete(placement).then(Mono.just(true)).onErrorResume((deleteFailure) -> {
			logger.warn("Copy {} on storage element {} could not be deleted; the reconciler will try again",
					placement.copy().fileId(), placement.element().elementId(), deleteFailure);
			return this.ledger
				.update(row.compensated("copy " + placement.copy().fileId() + " on " + placement.element().elementId()
						+ " not deleted yet: " + deleteFailure.getMessage(), this.clock.instant()))
				.then(this.strays.undeleted(row.id(), placement.element().elementId(), placement.element().apiUrl(),
						placement.copy().fileId(), "compensation failed: " + deleteFailure.getMessage()))
				.thenReturn(false);
		})
			.flatMap((deleted) -> deleted ? record.then() : Mono.<Void>empty())
			.onErrorResume((ledgerFailure) -> Mono.empty())
			.then(Mono.error(cause));
	}

	/** What is left of an upload whose stored copy was deleted again. */
	private enum Outcome {

		/** A row that says why the copy was deleted. */
		COMPENSATED,
		/** Nothing: the caller's input was bad. */
		FORGOTTEN

	}

	/** A file stored on an element, with its ledger row. */
	private record StoredUpload(Upload row, Placement placement) {
	}

	/**
	 * The checked form and file headers of an upload, and its row before it is written.
	 */
	private record Received(Upload row, OutgoingFile outgoing, String storageMode, ContentInspector inspector) {
	}

	/** What is known of one upload as it goes, for its log line and its clean-up. */
	private static final class Flow {

		final StoreAttempts attempts = new StoreAttempts();

		final @Nullable String idempotencyKey;

		/** The registered upload that an earlier request with the same key made. */
		final @Nullable Upload earlier;

		volatile @Nullable Upload row;

		volatile @Nullable ContentInspector inspector;

		volatile @Nullable String elementId;

		Flow(@Nullable String idempotencyKey, @Nullable Upload earlier) {
			this.idempotencyKey = idempotencyKey;
			this.earlier = earlier;
		}

	}

}
