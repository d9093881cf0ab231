package io.artstore.ingester.upload;

import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

import io.micrometer.core.instrument.MeterRegistry;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import reactor.core.Disposable;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

import org.springframework.context.SmartLifecycle;
import org.springframework.r2dbc.core.DatabaseClient;
import org.springframework.stereotype.Component;

import io.artstore.ingester.admin.FileRegistry;
import io.artstore.ingester.admin.RegisteredFile;
import io.artstore.ingester.admin.RegistrationRefusedException;
import io.artstore.ingester.admin.StorageElement;
import io.artstore.ingester.admin.StorageElementDirectory;
import io.artstore.ingester.storage.CopyNotDeletableException;
import io.artstore.ingester.storage.Placement;
import io.artstore.ingester.storage.StoragePlacer;
import io.artstore.ingester.storage.SuspectedCopy;

/**
 * Settles what the upload flow could not know. It asks the services that know:
 * <ul>
 * <li>an upload in doubt ({@code UNCERTAIN}, or {@code STORED} for longer than
 * {@code stale-after}) is {@code REGISTERED}: found in the Admin Module, or registered
 * now (its copy was stored and checked); only if the Admin Module refuses it is its copy
 * deleted and it {@code COMPENSATED};</li>
 * <li>an upload left {@code RECEIVED} (an ingester that stopped, or a ledger that could
 * not record the registration) is {@code REGISTERED} if an element holds a copy under its
 * key that the Admin Module has registered, else {@code FAILED}; either way every element
 * it may have gone to is noted as possibly holding a stray copy (a registered copy is
 * kept);</li>
 * <li>a stray copy is looked up on its element by the upload's key and deleted; when it
 * cannot be settled after {@code max-attempts}, its row stays as the record of an
 * orphan.</li>
 * </ul>
 * Each pass claims a batch with {@code FOR UPDATE SKIP LOCKED} and a lease, so several
 * ingesters reconcile side by side without taking the same row. What each pass found is
 * counted in {@code ingester.reconciler.outcomes}.
 */
@Component
public class Reconciler implements SmartLifecycle {

	private static final Logger logger = LoggerFactory.getLogger(Reconciler.class);

	private static final String CLAIM_UPLOADS = """
			UPDATE uploads SET next_reconcile_at = :lease_until, reconcile_attempts = reconcile_attempts + 1
			WHERE id IN (
			    SELECT id FROM uploads
			    WHERE (status = 'UNCERTAIN' OR (status IN ('RECEIVED', 'STORED') AND updated_at < :stale_before))
			      AND (next_reconcile_at IS NULL OR next_reconcile_at <= :now)
			      AND reconcile_attempts < :max_attempts
			    ORDER BY updated_at
			    LIMIT :batch
			    FOR UPDATE SKIP LOCKED)
			RETURNING id, status, retention_policy, storage_element_id, storage_element_url, storage_file_id,
			    reconcile_attempts
			""";

	private static final String SETTLE_UPLOAD = """
			UPDATE uploads SET status = :status, failure_reason = :reason, updated_at = :now, next_reconcile_at = NULL
			WHERE id = :id AND status = :expected
			""";

	private static final String CLAIM_COPIES = """
			UPDATE stray_copies SET next_check_at = :lease_until, attempts = attempts + 1, updated_at = :now
			WHERE id IN (
			    SELECT id FROM stray_copies
			    WHERE status = 'SUSPECTED' AND (next_check_at IS NULL OR next_check_at <= :now)
			    ORDER BY created_at
			    LIMIT :batch
			    FOR UPDATE SKIP LOCKED)
			RETURNING id, upload_id, storage_element_id, storage_element_url, storage_file_id, attempts
			""";

	private static final String SETTLE_COPY = """
			UPDATE stray_copies SET status = :status, storage_file_id = COALESCE(:file_id, storage_file_id),
			    reason = COALESCE(:reason, reason), updated_at = :now, next_check_at = NULL
			WHERE id = :id
			""";

	private static final String KEPT_COPY = """
			SELECT count(*) FROM uploads
			WHERE id = :upload_id AND storage_file_id = :file_id AND storage_element_id = :element_id
			AND status IN ('REGISTERED', 'STORED', 'UNCERTAIN')
			""";

	private final DatabaseClient database;

	private final FileRegistry registry;

	private final StoragePlacer placer;

	private final StorageElementDirectory directory;

	private final StrayCopies strays;

	private final UploadLedger ledger;

	private final ReconcilerProperties properties;

	private final MeterRegistry meters;

	private final Clock clock = Clock.systemUTC();

	private volatile @Nullable Disposable schedule;

	Reconciler(DatabaseClient database, FileRegistry registry, StoragePlacer placer, StorageElementDirectory directory,
			StrayCopies strays, UploadLedger ledger, ReconcilerProperties properties, MeterRegistry meters) {
		this.database = database;
		this.registry = registry;
		this.placer = placer;
		this.directory = directory;
		this.strays = strays;
		this.ledger = ledger;
		this.properties = properties;
		this.meters = meters;
	}

	/**
	 * One pass: a batch of uploads, then a batch of stray copies (including those the
	 * uploads just named).
	 * @return what the pass found, by outcome
	 */
	public Mono<Report> reconcile() {
		Report report = new Report();
		return claimUploads().concatMap((upload) -> settle(upload, report))
			.thenMany(Flux.defer(this::claimCopies))
			.concatMap((copy) -> settle(copy, report))
			.then(Mono.just(report));
	}

	private Flux<Claimed> claimUploads() {
		Instant now = this.clock.instant();
		return this.database.sql(CLAIM_UPLOADS)
			.bind("lease_until", now.plus(this.properties.lease()))
			.bind("stale_before", now.minus(this.properties.staleAfter()))
			.bind("now", now)
			.bind("max_attempts", this.properties.maxAttempts())
			.bind("batch", this.properties.batchSize())
			.map((row, meta) -> new Claimed(row.get("id", UUID.class),
					UploadStatus.valueOf(row.get("status", String.class)), row.get("retention_policy", String.class),
					row.get("storage_element_id", String.class), row.get("storage_element_url", String.class),
					row.get("storage_file_id", UUID.class), row.get("reconcile_attempts", Integer.class)))
			.all();
	}

	private Mono<Void> settle(Claimed upload, Report report) {
		Mono<String> outcome;
		if (upload.status() == UploadStatus.RECEIVED || upload.fileId() == null || upload.elementId() == null
				|| upload.elementApiUrl() == null) {
			outcome = leftBehind(upload);
		}
		else {
			outcome = inDoubt(upload, upload.fileId(), upload.elementId(), upload.elementApiUrl());
		}
		return outcome.onErrorResume((ex) -> retryLater(upload, ex)).doOnNext(report::record).then();
	}

	/**
	 * Left {@code RECEIVED}: the ingester stopped while storing or registering, or the
	 * ledger failed to record the registration. The Admin Module is asked whether it
	 * registered the upload's id: registered, the row is completed from that copy (the
	 * caller may have had its 201); not, the upload failed. The other elements are noted
	 * first as possibly holding stray copies, so that a failure in between leaves the row
	 * to be tried again, never a copy unnoted.
	 */
	private Mono<String> leftBehind(Claimed upload) {
		String mode = RetentionPolicy.of(upload.retentionPolicy()).orElse(RetentionPolicy.TEMPORARY).storageMode();
		// every listed element, full or offline too: the copy may be where it went then
		return this.directory.listed(mode)
			.flatMap(
					(elements) -> this.registry.registeredFile(upload.id())
						.flatMap((registered) -> completeRegistered(upload, registered, elements))
						.switchIfEmpty(Mono.defer(() -> suspectCopies(upload, elements)
							.then(settleUpload(upload, UploadStatus.FAILED,
									"the ingester stopped before the upload was registered"))
							.thenReturn("upload-failed"))));
	}

	/**
	 * A left-behind upload the Admin Module registered: completed from the copy on the
	 * element its registry names (every copy of an upload has the upload's id), the other
	 * elements noted as possibly holding strays. Registered is registered: when that copy
	 * cannot be seen now, the row is tried again later, never failed.
	 */
	private Mono<String> completeRegistered(Claimed upload, RegisteredFile registered, List<StorageElement> elements) {
		StorageElement element = elements.stream()
			.filter((candidate) -> Objects.equals(candidate.elementId(), registered.storageElementId()))
			.findFirst()
			.orElse(null);
		if (element == null) {
			return Mono.error(new IllegalStateException(
					"registered on " + registered.storageElementId() + ", which the Admin Module does not list now"));
		}
		return this.placer.findCopy(element.apiUrl(), upload.id())
			.switchIfEmpty(Mono.error(() -> new IllegalStateException(
					"registered on " + element.elementId() + ", which does not show the copy now")))
			.flatMap((copy) -> suspectCopies(upload, elements.stream().filter((other) -> other != element).toList())
				.then(completeFrom(upload, new Placement(element, element.apiUrl(), copy))));
	}

	private Mono<Void> suspectCopies(Claimed upload, List<StorageElement> elements) {
		return this.strays.suspect(upload.id(),
				elements.stream().map((element) -> new SuspectedCopy(element.elementId(), element.apiUrl())).toList(),
				"the ingester stopped while the upload was being stored");
	}

	/** Records a registered copy as the upload's, as the flow would have. */
	private Mono<String> completeFrom(Claimed upload, Placement placement) {
		Instant now = this.clock.instant();
		return this.ledger.find(upload.id())
			.map((row) -> row
				.stored(placement, FileNames.stored(placement.copy().fileId().toString(), row.originalFilename()), now)
				.registered(now))
			.flatMap((registered) -> this.ledger.updateIfStill(UploadStatus.RECEIVED, registered))
			.thenReturn("upload-registered");
	}

	/**
	 * Stored, registration in doubt: the Admin Module says whether it holds the file; if
	 * not, the upload is completed (registered now: the copy was stored and checked), so
	 * that a registration that is still on its way only meets a refusal, never a deleted
	 * file. Only a registration refused now deletes the copy.
	 */
	private Mono<String> inDoubt(Claimed upload, UUID fileId, String elementId, String elementApiUrl) {
		return this.registry.isRegistered(fileId).flatMap((registered) -> {
			if (registered) {
				return settleUpload(upload, UploadStatus.REGISTERED, null).thenReturn("upload-registered");
			}
			return this.ledger.find(upload.id())
				.flatMap((row) -> this.registry.register(row.toRegistration()))
				.then(settleUpload(upload, UploadStatus.REGISTERED, null))
				.thenReturn("upload-completed")
				// a refusal of a file the registry holds with this copy is a registration
				// (FileRegistry.register): this one is a refusal
				.onErrorResume(RegistrationRefusedException.class,
						(refused) -> compensate(upload, fileId, elementId, elementApiUrl, refused));
		});
	}

	/** The Admin Module will not register the file: its copy is deleted. */
	private Mono<String> compensate(Claimed upload, UUID fileId, String elementId, String elementApiUrl,
			Throwable refusal) {
		String reason = "the Admin Module refused the registration, so the copy was deleted: " + refusal.getMessage();
		return this.placer.delete(elementApiUrl, fileId)
			.then(Mono.just("upload-compensated"))
			.onErrorResume((ex) -> this.strays
				.undeleted(upload.id(), elementId, elementApiUrl, fileId, "delete failed: " + ex.getMessage())
				.thenReturn("upload-compensated"))
			.flatMap((found) -> settleUpload(upload, UploadStatus.COMPENSATED, reason).thenReturn(found));
	}

	private Mono<Void> settleUpload(Claimed upload, UploadStatus status, @Nullable String reason) {
		DatabaseClient.GenericExecuteSpec update = this.database.sql(SETTLE_UPLOAD)
			.bind("id", upload.id())
			.bind("status", status.name())
			.bind("expected", upload.status().name())
			.bind("now", this.clock.instant());
		update = (reason != null) ? update.bind("reason", reason) : update.bindNull("reason", String.class);
		return update.then();
	}

	private Mono<String> retryLater(Claimed upload, Throwable failure) {
		boolean givenUp = upload.attempts() >= this.properties.maxAttempts();
		if (givenUp) {
			logger.error("Gave up reconciling upload {} ({}) after {} attempts: {}", upload.id(), upload.status(),
					upload.attempts(), failure.getMessage());
		}
		else {
			logger.info("Upload {} ({}) could not be reconciled yet: {}", upload.id(), upload.status(),
					failure.getMessage());
		}
		return this.database.sql("UPDATE uploads SET next_reconcile_at = :when WHERE id = :id")
			.bind("id", upload.id())
			.bind("when", this.clock.instant().plus(this.properties.backoff(upload.attempts())))
			.then()
			.onErrorResume((ex) -> Mono.empty())
			.thenReturn(givenUp ? "upload-given-up" : "upload-retry");
	}

	private Flux<ClaimedCopy> claimCopies() {
		Instant now = this.clock.instant();
		return this.database.sql(CLAIM_COPIES)
			.bind("lease_until", now.plus(this.properties.lease()))
			.bind("now", now)
			.bind("batch", this.properties.batchSize())
			.map((row, meta) -> new ClaimedCopy(row.get("id", UUID.class), row.get("upload_id", UUID.class),
					row.get("storage_element_id", String.class), row.get("storage_element_url", String.class),
					row.get("storage_file_id", UUID.class), row.get("attempts", Integer.class)))
			.all();
	}

	private Mono<Void> settle(ClaimedCopy copy, Report report) {
		Mono<UUID> found = (copy.fileId() != null) ? Mono.just(copy.fileId())
				: this.placer.findCopy(copy.elementApiUrl(), copy.uploadId()).map((stored) -> stored.fileId());
		return found.flatMap((fileId) -> isKept(copy, fileId).flatMap((kept) -> {
			if (kept) {
				return settleCopy(copy, "ABSENT", fileId, "the upload's own copy").thenReturn("copy-kept");
			}
			return this.placer.delete(copy.elementApiUrl(), fileId)
				.then(settleCopy(copy, "DELETED", fileId, null))
				.thenReturn("copy-deleted")
				.onErrorResume((ex) -> copyNotSettled(copy, fileId, ex));
		}))
			.switchIfEmpty(Mono.defer(() -> settleCopy(copy, "ABSENT", null, null).thenReturn("copy-absent")))
			.onErrorResume((ex) -> copyNotSettled(copy, null, ex))
			.doOnNext(report::record)
			.then();
	}

	/**
	 * Whether a copy is the upload's own: every copy of an upload is stored under the
	 * upload's id, so the element tells them apart. The ledger's row says so, or else the
	 * registry: a copy the Admin Module registered is never removed, whatever the row
	 * says.
	 */
	private Mono<Boolean> isKept(ClaimedCopy copy, UUID fileId) {
		Mono<Boolean> inLedger = this.database.sql(KEPT_COPY)
			.bind("upload_id", copy.uploadId())
			.bind("file_id", fileId)
			.bind("element_id", copy.elementId())
			.map((row, meta) -> row.get(0, Long.class))
			.one()
			.map((count) -> count > 0);
		return inLedger.flatMap((kept) -> kept ? Mono.just(true)
				: this.registry.registeredFile(fileId)
					.map((registered) -> Objects.equals(registered.storageElementId(), copy.elementId()))
					.defaultIfEmpty(false));
	}

	private Mono<Void> settleCopy(ClaimedCopy copy, String status, @Nullable UUID fileId, @Nullable String reason) {
		DatabaseClient.GenericExecuteSpec update = this.database.sql(SETTLE_COPY)
			.bind("id", copy.id())
			.bind("status", status)
			.bind("now", this.clock.instant());
		update = (fileId != null) ? update.bind("file_id", fileId) : update.bindNull("file_id", UUID.class);
		update = (reason != null) ? update.bind("reason", reason) : update.bindNull("reason", String.class);
		return update.then();
	}

	/**
	 * A copy that could not be settled this time: tried again later, or, when the element
	 * refuses to delete it or the attempts are used up, recorded as an orphan (with its
	 * file id, if it was found).
	 */
	private Mono<String> copyNotSettled(ClaimedCopy copy, @Nullable UUID fileId, Throwable failure) {
		if (copy.attempts() >= this.properties.maxAttempts() || failure instanceof CopyNotDeletableException) {
			logger.error("Orphaned copy {} of upload {} on storage element {} after {} attempt(s): {}", fileId,
					copy.uploadId(), copy.elementId(), copy.attempts(), failure.getMessage());
			return settleCopy(copy, "ORPHANED", fileId,
					"not settled after " + copy.attempts() + " attempt(s): " + failure.getMessage())
				.onErrorResume((ex) -> Mono.empty())
				.thenReturn("copy-orphaned");
		}
		return this.database.sql("UPDATE stray_copies SET next_check_at = :when WHERE id = :id")
			.bind("id", copy.id())
			.bind("when", this.clock.instant().plus(this.properties.backoff(copy.attempts())))
			.then()
			.onErrorResume((ex) -> Mono.empty())
			.thenReturn("copy-retry");
	}

	@Override
	public void start() {
		if (!this.properties.enabled()) {
			return;
		}
		this.schedule = Flux.interval(this.properties.interval(), this.properties.interval())
			.onBackpressureDrop()
			.concatMap((tick) -> reconcile().onErrorResume((ex) -> {
				logger.warn("Reconciliation pass failed: {}", ex.getMessage());
				return Mono.empty();
			}), 0)
			.subscribe();
	}

	@Override
	public void stop() {
		Disposable running = this.schedule;
		if (running != null) {
			running.dispose();
		}
		this.schedule = null;
	}

	@Override
	public boolean isRunning() {
		return this.schedule != null;
	}

	/** What one pass found: outcome to count. */
	public final class Report {

		private final Map<String, AtomicInteger> counts = new ConcurrentHashMap<>();

		void record(String outcome) {
			this.counts.computeIfAbsent(outcome, (key) -> new AtomicInteger()).incrementAndGet();
			Reconciler.this.meters.counter("ingester.reconciler.outcomes", "outcome", outcome).increment();
		}

		/**
		 * How often an outcome was found.
		 * @param outcome for example {@code upload-registered} or {@code copy-deleted}
		 * @return the count
		 */
		public int count(String outcome) {
			AtomicInteger count = this.counts.get(outcome);
			return (count != null) ? count.get() : 0;
		}

		/**
		 * Every outcome with its count.
		 * @return a snapshot
		 */
		public Map<String, Integer> counts() {
			Map<String, Integer> snapshot = new TreeMap<>();
			this.counts.forEach((outcome, count) -> snapshot.put(outcome, count.get()));
			return snapshot;
		}

		/** Whether the pass found nothing to do. */
		public boolean isEmpty() {
			return this.counts.isEmpty();
		}

	}

	private record Claimed(UUID id, UploadStatus status, String retentionPolicy, @Nullable String elementId,
			@Nullable String elementApiUrl, @Nullable UUID fileId, int attempts) {
	}

	private record ClaimedCopy(UUID id, UUID uploadId, String elementId, String elementApiUrl, @Nullable UUID fileId,
			int attempts) {
	}

}
