package io.artstore.ingester.upload;

import java.time.Clock;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.event.Level;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.core.publisher.SynchronousSink;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.core.io.buffer.DataBuffer;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.core.io.buffer.DataBufferUtils;
import org.springframework.core.io.buffer.DefaultDataBufferFactory;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.http.codec.multipart.FilePartEvent;
import org.springframework.http.codec.multipart.FormPartEvent;
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
		MultipartUpload multipart = new MultipartUpload(idempotencyKey, earlier);
		long started = System.nanoTime();
		Flux<PartEvent> inOrder = parts.onErrorResume((ex) -> Mono.just(new BrokenBody(ex)));
		// One event in flight per part: a window cancelled while it drains loses the
		// event
		// it has just polled (reactor-core FluxWindowPredicate.checkTerminated discards
		// the queue, not that event); with no backlog there is nothing to lose.
		Flux<StoredUpload> stored = inOrder.windowUntil(PartEvent::isLast, false, 1)
			.concatMap((part) -> part.switchOnFirst((first, events) -> {
				PartEvent event = first.get();
				if (event instanceof BrokenBody broken) {
					return Mono.error(broken.cause());
				}
				if (event instanceof FilePartEvent file && "file".equals(file.name()) && !multipart.fileSeen) {
					multipart.fileSeen = true;
					return store(multipart, file, events.handle(BrokenBody::unwrap), uploader);
				}
				multipart.note(event);
				return events.doOnNext((ignored) -> DataBufferUtils.release(ignored.content()))
					.then(Mono.<StoredUpload>empty());
			}))
			.doOnNext((upload) -> multipart.stored = upload);
		// The one level of discard hooks for the whole stream, parser included; among
		// what they release is the first event that switchOnFirst holds for a part
		// refused before its content was read (bad form, bad file name, ledger or Admin
		// Module down).
		return PartEventParser.releasingDiscarded(stored)
			.then()
			.onErrorResume((ex) -> bodyBrokeAfterTheFile(multipart, ex))
			.then(Mono.defer(() -> finish(multipart)))
			.flatMap((response) -> recordSuspects(multipart).thenReturn(response))
			.onErrorResume((ex) -> recordSuspects(multipart).then(Mono.error(ex)))
			.doOnSuccess((response) -> log(multipart, started, "registered", null))
			.doOnError((ex) -> log(multipart, started, outcome(ex), ex))
			.doOnCancel(() -> log(multipart, started, "abandoned", null));
	}

	/**
	 * One line per upload, with what is known of it; never a token. A warning when the
	 * ingester or a service behind it failed the upload, so that operators see it at the
	 * default level.
	 */
	private static void log(MultipartUpload multipart, long startNanos, String outcome, @Nullable Throwable failure) {
		Upload row = multipart.row;
		ContentInspector inspector = multipart.inspector;
		long size = (inspector != null) ? inspector.size() : 0;
		long duration = (System.nanoTime() - startNanos) / 1_000_000;
		String detail = (failure != null) ? failure.getMessage() : null;
		String errorId = (failure instanceof ProblemException problem) ? problem.errorId() : null;
		boolean serverFault = failure != null && !ProblemException.isCallerFault(failure);
		logger.atLevel(serverFault ? Level.WARN : Level.INFO)
			.setMessage("upload id={} size={} element={} duration_ms={} outcome={}{}{}")
			.addArgument((row != null) ? row.id() : "-")
			.addArgument(size)
			.addArgument((multipart.elementId != null) ? multipart.elementId : "-")
			.addArgument(duration)
			.addArgument(outcome)
			.addArgument((errorId != null) ? " error_id=" + errorId : "")
			.addArgument((detail != null) ? " detail=" + detail : "")
			.addKeyValue("upload_id", (row != null) ? row.id() : null)
			.addKeyValue("size_bytes", size)
			.addKeyValue("storage_element_id", multipart.elementId)
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

	private Mono<StoredUpload> store(MultipartUpload multipart, FilePartEvent file, Flux<DataBuffer> content,
			String uploader) {
		UploadForm form;
		try {
			form = UploadForm.parse(multipart.fields, this.jsonMapper);
		}
		catch (ProblemException ex) {
			return Mono.error(ex);
		}
		String filename;
		MediaType contentType;
		String contentTypeValue;
		try {
			filename = FileNames.original(file.filename());
			contentType = Objects.requireNonNullElse(file.headers().getContentType(),
					MediaType.APPLICATION_OCTET_STREAM);
			contentTypeValue = FileNames.contentType(contentType.toString());
		}
		catch (ProblemException ex) {
			return Mono.error(ex);
		}
		ContentInspector inspector = new ContentInspector(this.properties.maxFileSize().toBytes());
		multipart.inspector = inspector;
		Upload received = Upload.received(uploader, filename, contentTypeValue, form, multipart.idempotencyKey,
				this.clock.instant());
		Upload earlier = multipart.earlier;
		if (earlier != null) {
			// then() discards the content, which the upload's discard hook releases
			return inspector.inspect(content).then(Mono.defer(() -> replay(multipart, earlier, received, inspector)));
		}
		return inspector.inspect(content).switchOnFirst((first, checked) -> {
			if (first.isOnError()) {
				return checked.then(Mono.<StoredUpload>empty());
			}
			if (!first.hasValue()) {
				return Mono.error(new ProblemException(ProblemType.EMPTY_FILE, "The file has no content"));
			}
			OutgoingFile outgoing = new OutgoingFile(filename, contentType, form.description(),
					form.retentionPolicy().value());
			StoreAttempts attempts = multipart.attempts;
			return this.ledger.insert(received)
				.onErrorMap((ex) -> (ex instanceof DuplicateKeyException) ? inProgress(multipart.idempotencyKey)
						: ledgerUnavailable(ex))
				.doOnNext((row) -> multipart.row = row)
				.flatMap((row) -> this.directory.candidates(form.retentionPolicy().storageMode())
					.flatMap((candidates) -> this.placer.store(candidates, checked, outgoing, row.id(), attempts))
					.onErrorResume((ex) -> abandon(row, ex, attempts))
					.doOnNext((placement) -> multipart.elementId = placement.element().elementId())
					.flatMap((placement) -> verify(row, placement, inspector))
					.doOnCancel(() -> abandonedByCaller(row, attempts)));
		}).next();
	}

	/**
	 * The same key again: the same upload gets the first answer, with nothing stored
	 * again; another upload under that key is refused.
	 */
	private Mono<StoredUpload> replay(MultipartUpload multipart, Upload earlier, Upload received,
			ContentInspector inspector) {
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
		multipart.replayed = earlier;
		return Mono.empty();
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
	private Mono<Void> recordSuspects(MultipartUpload multipart) {
		Upload row = multipart.row;
		List<SuspectedCopy> suspected = multipart.attempts.suspected();
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
		Upload stored = row.stored(placement,
				FileNames.stored(placement.copy().fileId().toString(), row.originalFilename()), this.clock.instant());
		return this.ledger.update(stored)
			.map((saved) -> new StoredUpload(saved, placement))
			.onErrorResume((ex) -> undo(row, placement, ex, Outcome.COMPENSATED));
	}

	/**
	 * A body that broke after its file was stored (no closing boundary, a bad part or too
	 * long an epilogue after the file): the stored copy is deleted again, so that no
	 * element keeps a file that nobody knows about.
	 */
	private Mono<Void> bodyBrokeAfterTheFile(MultipartUpload multipart, Throwable failure) {
		StoredUpload stored = multipart.stored;
		if (stored == null) {
			return Mono.error(failure);
		}
		return undo(stored.row(), stored.placement(), failure,
				ProblemException.isCallerFault(failure) ? Outcome.FORGOTTEN : Outcome.COMPENSATED);
	}

	private Mono<UploadResponse> finish(MultipartUpload multipart) {
		Upload replayed = multipart.replayed;
		if (replayed != null) {
			return multipart.problems.isEmpty() ? Mono.just(UploadResponse.of(replayed))
					: Mono.error(malformedForm(multipart));
		}
		StoredUpload upload = multipart.stored;
		if (upload == null) {
			return Mono.error(new ProblemException(ProblemType.MISSING_FILE,
					"The form needs a part named 'file' that carries the file"));
		}
		if (!multipart.problems.isEmpty()) {
			return undo(upload.row(), upload.placement(), malformedForm(multipart), Outcome.FORGOTTEN);
		}
		FileRegistration registration = upload.row().toRegistration();
		return this.registry.register(registration)
			.then(Mono.defer(() -> recordRegistered(upload.row())))
			.onErrorResume((ex) -> (ex instanceof RegistrationUncertainException) ? uncertain(upload.row(), ex)
					: undo(upload.row(), upload.placement(), new ProblemException(ProblemType.REGISTRATION_FAILED,
							"The file was stored but the Admin Module did not register it, so it was deleted again: "
									+ ex.getMessage()),
							Outcome.COMPENSATED))
			.doOnCancel(() -> this.ledger
				.updateIfStill(UploadStatus.STORED, upload.row().uncertain(CALLER_WENT_AWAY, this.clock.instant()))
				.doOnError((ex) -> logger.warn("Could not record abandoned upload {}", upload.row().id(), ex))
				.onErrorResume((ex) -> Mono.empty())
				.subscribe())
			.map(UploadResponse::of);
	}

	private static ProblemException malformedForm(MultipartUpload multipart) {
		return new ProblemException(ProblemType.MALFORMED_FORM, String.join("; ", multipart.problems));
	}

	/**
	 * The Admin Module holds the file: the upload succeeded, whether or not the ledger
	 * can say so now (a row left {@code STORED} is settled by the reconciler).
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
		// A cancel that comes after the upload moved on (the flow's own operators cancel
		// what has completed) finds the row no longer RECEIVED and records nothing.
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

	/**
	 * A body that failed (malformed, or the caller went away), passed on as the last
	 * event instead of an error: an error would reach the upload as a whole at once,
	 * racing the part being stored, which could then leave its ledger row behind; as an
	 * event it fails that part first, which cleans up after itself.
	 */
	private record BrokenBody(Throwable cause) implements PartEvent {

		static void unwrap(PartEvent event, SynchronousSink<DataBuffer> sink) {
			if (event instanceof BrokenBody broken) {
				sink.error(broken.cause());
			}
			else {
				sink.next(event.content());
			}
		}

		@Override
		public HttpHeaders headers() {
			return HttpHeaders.EMPTY;
		}

		@Override
		public DataBuffer content() {
			return DefaultDataBufferFactory.sharedInstance.allocateBuffer(0);
		}

		@Override
		public boolean isLast() {
			return true;
		}

	}

	/** A file stored on an element, with its ledger row. */
	private record StoredUpload(Upload row, Placement placement) {
	}

	/** What the multipart body held besides the file. */
	private static final class MultipartUpload {

		final Map<String, String> fields = new LinkedHashMap<>();

		final List<String> problems = new ArrayList<>();

		final StoreAttempts attempts = new StoreAttempts();

		final @Nullable String idempotencyKey;

		/** The registered upload that an earlier request with the same key made. */
		final @Nullable Upload earlier;

		boolean fileSeen;

		volatile @Nullable Upload replayed;

		MultipartUpload(@Nullable String idempotencyKey, @Nullable Upload earlier) {
			this.idempotencyKey = idempotencyKey;
			this.earlier = earlier;
		}

		volatile @Nullable Upload row;

		volatile @Nullable ContentInspector inspector;

		volatile @Nullable String elementId;

		volatile @Nullable StoredUpload stored;

		void note(PartEvent event) {
			if (event instanceof FilePartEvent) {
				this.problems.add("only one file part named 'file' is allowed");
			}
			else if (this.fileSeen) {
				this.problems.add("form field '" + event.name() + "' must come before the file part");
			}
			else if (event instanceof FormPartEvent form) {
				this.fields.put(form.name(), form.value());
			}
		}

	}

}
