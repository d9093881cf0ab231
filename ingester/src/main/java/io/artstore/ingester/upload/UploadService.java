package io.artstore.ingester.upload;

import java.time.Clock;
import java.util.Objects;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;

import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.event.Level;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.core.io.buffer.DataBuffer;
import org.springframework.core.io.buffer.DataBufferUtils;
import org.springframework.http.MediaType;
import org.springframework.http.codec.multipart.FilePartEvent;
import org.springframework.http.codec.multipart.PartEvent;
import org.springframework.stereotype.Service;

import io.artstore.ingester.admin.FileRegistry;
import io.artstore.ingester.admin.StorageElementDirectory;
import io.artstore.ingester.problem.ProblemException;
import io.artstore.ingester.storage.ContentInspector;
import io.artstore.ingester.problem.ProblemType;
import io.artstore.ingester.storage.OutgoingFile;
import io.artstore.ingester.storage.Placement;
import io.artstore.ingester.storage.StoragePlacer;

/**
 * The upload flow, in order: check the form, stream the file to a storage element under
 * the upload's id while measuring it, check what the element stored, read the rest of the
 * body, register the file with the Admin Module. Every step goes through the upload's
 * {@link UploadSettlement.Journey}, which writes the ledger and decides what a failure, a
 * caller that goes away or a crash at that step leaves; this class decides nothing about
 * rows or copies itself.
 */
@Service
class UploadService {

	private static final Logger logger = LoggerFactory.getLogger(UploadService.class);

	private final StorageElementDirectory directory;

	private final StoragePlacer placer;

	private final FileRegistry registry;

	private final UploadLedger ledger;

	private final UploadSettlement settlement;

	private final UploadProperties properties;

	private final JsonMapper jsonMapper;

	private final UploadFinalizer finalizer;

	private final Clock clock;

	UploadService(StorageElementDirectory directory, StoragePlacer placer, FileRegistry registry, UploadLedger ledger,
			UploadSettlement settlement, UploadProperties properties, JsonMapper jsonMapper,
			UploadFinalizer finalizer) {
		this.directory = directory;
		this.placer = placer;
		this.registry = registry;
		this.ledger = ledger;
		this.settlement = settlement;
		this.properties = properties;
		this.jsonMapper = jsonMapper;
		this.finalizer = finalizer;
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
			.onErrorMap((ex) -> UploadProblems.ledgerUnavailable(ex, this.properties.busyRetryAfter()))
			.flatMap((earlier) -> {
				boolean expired = earlier.createdAt()
					.isBefore(this.clock.instant().minus(this.properties.idempotencyKeyTtl()));
				if (expired && earlier.status() == UploadStatus.REGISTERED) {
					return this.ledger.releaseKey(earlier).then(Mono.<Upload>empty());
				}
				if (earlier.status() != UploadStatus.REGISTERED) {
					return Mono.error(UploadProblems.inProgress(idempotencyKey, this.properties.busyRetryAfter()));
				}
				return Mono.just(earlier);
			})
			.map(Optional::of)
			.defaultIfEmpty(Optional.empty())
			.flatMap((earlier) -> upload(parts, uploader, idempotencyKey, earlier.orElse(null)));
	}

	private Mono<UploadResponse> upload(Flux<PartEvent> parts, String uploader, @Nullable String idempotencyKey,
			@Nullable Upload earlier) {
		long started = System.nanoTime();
		AtomicReference<Received> received = new AtomicReference<>();
		return MultipartUploads.read(parts, (body) -> upload(body, uploader, idempotencyKey, earlier, received))
			.switchIfEmpty(Mono.error(() -> new ProblemException(ProblemType.MISSING_FILE,
					"The form needs a part named 'file' that carries the file")))
			.doOnSuccess((response) -> log(received.get(), started, "registered", null))
			.doOnError((ex) -> log(received.get(), started, outcome(ex), ex))
			.doOnCancel(() -> {
				Received upload = received.get();
				if (upload != null) {
					upload.journey().abandoned();
				}
				log(upload, started, "abandoned", null);
			});
	}

	/**
	 * One upload, in order: store the file, read the rest of the body (the fields after
	 * the file complete the form), register, and finalize when a permanent policy came
	 * after the file. Every failure until the upload is registered is handed to the
	 * journey, which knows what it leaves.
	 */
	private Mono<UploadResponse> upload(UploadBody body, String uploader, @Nullable String idempotencyKey,
			@Nullable Upload earlier, AtomicReference<Received> receivedUpload) {
		Received received;
		try {
			received = receive(body, uploader, idempotencyKey);
		}
		catch (ProblemException ex) {
			return Mono.error(ex);
		}
		receivedUpload.set(received);
		Mono<UploadForm.Completed> completed = received.completed();
		if (earlier != null) {
			// then() discards the content, which the upload's discard hook releases
			return received.inspector()
				.inspect(body.content())
				.then(completed)
				.flatMap((whole) -> replay(earlier, received, whole.form())
					.then(Mono.defer(() -> answer(new Registered(earlier, whole.finalizeAtOnce())))));
		}
		UploadSettlement.Journey journey = received.journey();
		return store(body, received).flatMap((placement) -> completed)
			.flatMap((whole) -> this.registry.register(journey.registering(whole.form()).toRegistration())
				.then(Mono.defer(journey::registered))
				.map((registered) -> new Registered(registered, whole.finalizeAtOnce())))
			.onErrorResume(journey::failed)
			.flatMap(this::answer);
	}

	/**
	 * The answer to a registered upload; one whose permanent policy came after the file
	 * is finalized first. A finalization that cannot start leaves the upload registered
	 * as temporary, which the answer says; the caller may finalize it itself.
	 */
	private Mono<UploadResponse> answer(Registered registered) {
		Upload row = registered.row();
		if (!registered.finalizeAtOnce()) {
			return Mono.just(UploadResponse.of(row));
		}
		return this.finalizer.finalizeRegistered(row.toRegistration())
			.map((transactionId) -> UploadResponse.of(row, transactionId))
			.onErrorResume((ex) -> {
				logger.warn("Upload {} is registered as temporary; its finalization could not start: {}", row.id(),
						ex.getMessage());
				return Mono.just(UploadResponse.of(row));
			});
	}

	/**
	 * One line per upload, with what is known of it; never a token. A warning when the
	 * ingester or a service behind it failed the upload, so that operators see it at the
	 * default level.
	 */
	private static void log(@Nullable Received received, long startNanos, String outcome, @Nullable Throwable failure) {
		UUID id = (received != null) ? received.journey().progress().row().id() : null;
		String elementId = (received != null) ? received.journey().elementId() : null;
		long size = (received != null) ? received.inspector().size() : 0;
		long duration = (System.nanoTime() - startNanos) / 1_000_000;
		String detail = (failure != null) ? failure.getMessage() : null;
		String errorId = (failure instanceof ProblemException problem) ? problem.errorId() : null;
		boolean serverFault = failure != null && !ProblemException.isCallerFault(failure);
		logger.atLevel(serverFault ? Level.WARN : Level.INFO)
			.setMessage("upload id={} size={} element={} duration_ms={} outcome={}{}{}")
			.addArgument((id != null) ? id : "-")
			.addArgument(size)
			.addArgument((elementId != null) ? elementId : "-")
			.addArgument(duration)
			.addArgument(outcome)
			.addArgument((errorId != null) ? " error_id=" + errorId : "")
			.addArgument((detail != null) ? " detail=" + detail : "")
			.addKeyValue("upload_id", id)
			.addKeyValue("size_bytes", size)
			.addKeyValue("storage_element_id", elementId)
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

	/**
	 * The form and the file part's headers, checked, and the journey they start. The
	 * fields after the file complete the form once the body has ended.
	 */
	private Received receive(UploadBody body, String uploader, @Nullable String idempotencyKey) {
		UploadForm form = UploadForm.parse(body.fields(), this.jsonMapper);
		Mono<UploadForm.Completed> completed = body.trailer()
			.map((late) -> UploadForm.complete(body.fields(), late, this.jsonMapper))
			.cache();
		FilePartEvent file = body.file();
		String filename = FileNames.original(file.filename());
		MediaType contentType = Objects.requireNonNullElse(file.headers().getContentType(),
				MediaType.APPLICATION_OCTET_STREAM);
		String contentTypeValue = FileNames.contentType(contentType.toString());
		ContentInspector inspector = new ContentInspector(this.properties.maxFileSize().toBytes());
		Upload row = Upload.received(uploader, filename, contentTypeValue, form, idempotencyKey, this.clock.instant());
		OutgoingFile outgoing = new OutgoingFile(filename, contentType, form.retentionPolicy().value(), null,
				completed.map((whole) -> whole.form().description()));
		return new Received(this.settlement.begin(row), outgoing, form.retentionPolicy().storageMode(), inspector,
				completed);
	}

	/**
	 * Streams the file to an element from its first bytes on: the candidates looked up,
	 * the file placed (each element named in the row before it is tried) and what the
	 * element stored checked.
	 */
	private Mono<Placement> store(UploadBody body, Received received) {
		ContentInspector inspector = received.inspector();
		UploadSettlement.Journey journey = received.journey();
		UUID id = journey.progress().row().id();
		return inspector.inspect(body.content()).switchOnFirst((first, checked) -> {
			if (first.isOnError()) {
				return checked.then(Mono.<Placement>empty());
			}
			if (!first.hasValue()) {
				return Mono.error(new ProblemException(ProblemType.EMPTY_FILE, "The file has no content"));
			}
			// switchOnFirst holds the first buffer until the content is taken; if the
			// upload ends before a storage element took it, it is released here.
			AtomicBoolean taken = new AtomicBoolean();
			Flux<DataBuffer> content = checked.doOnSubscribe((subscription) -> taken.set(true));
			return this.directory.candidates(received.storageMode())
				.flatMap((candidates) -> this.placer.store(candidates, content, received.outgoing(), id, journey))
				.flatMap((placement) -> verify(journey, placement, inspector))
				.doFinally((signal) -> {
					if (taken.compareAndSet(false, true)) {
						checked.take(1).subscribe(DataBufferUtils::release, (ex) -> {
						});
					}
				});
		}).singleOrEmpty();
	}

	/**
	 * The same key again: the same upload gets the first answer (its finalization, if it
	 * asked for one, found or started), with nothing stored again; another upload under
	 * that key is refused.
	 */
	private Mono<Void> replay(Upload earlier, Received receivedUpload, UploadForm form) {
		Upload received = receivedUpload.journey().progress().row().withForm(form);
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
		return Mono.empty();
	}

	/**
	 * What the element reports must be what was sent; a copy that is not is handed back
	 * to the journey as a failure, which removes it.
	 */
	private Mono<Placement> verify(UploadSettlement.Journey journey, Placement placement, ContentInspector inspector) {
		journey.stored(placement,
				FileNames.stored(placement.copy().fileId().toString(), journey.progress().row().originalFilename()));
		long size = inspector.size();
		String checksum = inspector.checksum();
		if (placement.copy().fileSize() != size || !checksum.equalsIgnoreCase(placement.copy().checksum())) {
			return Mono.error(new ProblemException(ProblemType.CHECKSUM_MISMATCH,
					"Storage element " + placement.element().elementId() + " reported " + placement.copy().fileSize()
							+ " bytes with SHA-256 " + placement.copy().checksum() + "; the ingester sent " + size
							+ " bytes with SHA-256 " + checksum));
		}
		return Mono.just(placement);
	}

	/**
	 * The checked form and file headers of an upload, its journey, what measures its
	 * content, and its form completed by the fields after the file.
	 */
	private record Received(UploadSettlement.Journey journey, OutgoingFile outgoing, String storageMode,
			ContentInspector inspector, Mono<UploadForm.Completed> completed) {
	}

	/** A registered upload, and whether it is finalized next. */
	private record Registered(Upload row, boolean finalizeAtOnce) {
	}

}
