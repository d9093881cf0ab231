package io.artstore.ingester.upload;

import java.time.Duration;
import java.time.Instant;
import java.util.UUID;

import org.jspecify.annotations.Nullable;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

import org.springframework.dao.IncorrectUpdateSemanticsDataAccessException;
import org.springframework.data.r2dbc.core.R2dbcEntityTemplate;
import org.springframework.data.relational.core.query.Criteria;
import org.springframework.data.relational.core.query.Query;
import org.springframework.r2dbc.core.DatabaseClient;
import org.springframework.r2dbc.core.DatabaseClient.GenericExecuteSpec;
import org.springframework.stereotype.Component;

/**
 * The {@code uploads} table, and the only class that writes it: one row per upload. An
 * upload that goes well is written twice: {@code RECEIVED} naming the element before a
 * byte goes to it, then {@code REGISTERED} with the copy; a failover names the next
 * element, a failure writes where it stopped. What the row becomes is decided by
 * {@link UploadSettlement}. Every {@code updated_at} and lease is the database's clock,
 * so that ingesters whose clocks differ agree on what is stale. The writes use fixed SQL:
 * rendering it from the entity on each call was a tenth of the ingester's CPU per small
 * upload.
 */
@Component
class UploadLedger {

	private static final String INSERT = """
			INSERT INTO uploads (id, status, uploaded_by, original_filename, content_type, description,
			    retention_policy, ttl_days, ttl_expires_at, metadata, storage_element_id, storage_element_url,
			    storage_file_id, storage_filename, file_size, checksum, failure_reason, created_at, updated_at,
			    idempotency_key)
			VALUES (:id, :status, :uploaded_by, :original_filename, :content_type, :description,
			    :retention_policy, :ttl_days, :ttl_expires_at, :metadata, :storage_element_id, :storage_element_url,
			    :storage_file_id, :storage_filename, :file_size, :checksum, :failure_reason, :created_at, now(),
			    :idempotency_key)
			""";

	private static final String UPDATE = """
			UPDATE uploads SET status = :status, storage_element_id = :storage_element_id,
			    storage_element_url = :storage_element_url, storage_file_id = :storage_file_id,
			    storage_filename = :storage_filename, file_size = :file_size, checksum = :checksum,
			    failure_reason = :failure_reason, description = :description, ttl_days = :ttl_days,
			    ttl_expires_at = :ttl_expires_at, metadata = :metadata, updated_at = now(),
			    next_reconcile_at = now() + :settle_after_ms * interval '1 millisecond'
			WHERE id = :id
			""";

	private static final String UPDATE_IF_STILL = UPDATE.strip() + " AND status = :expected";

	private static final String CLAIM = """
			UPDATE uploads SET next_reconcile_at = now() + :lease_ms * interval '1 millisecond',
			    reconcile_attempts = reconcile_attempts + 1
			WHERE id = (
			    SELECT id FROM uploads
			    WHERE (status = 'UNCERTAIN'
			        OR (status IN ('RECEIVED', 'STORED') AND updated_at < now() - :stale_ms * interval '1 millisecond'))
			      AND (next_reconcile_at IS NULL OR next_reconcile_at <= now())
			    ORDER BY updated_at
			    LIMIT 1
			    FOR UPDATE SKIP LOCKED)
			RETURNING *
			""";

	private final DatabaseClient database;

	private final R2dbcEntityTemplate template;

	UploadLedger(DatabaseClient database, R2dbcEntityTemplate template) {
		this.database = database;
		this.template = template;
	}

	Mono<Upload> insert(Upload upload) {
		GenericExecuteSpec insert = this.database.sql(INSERT)
			.bind("id", upload.id())
			.bind("status", upload.status().name())
			.bind("uploaded_by", upload.uploadedBy())
			.bind("original_filename", upload.originalFilename())
			.bind("retention_policy", upload.retentionPolicy())
			.bind("created_at", upload.createdAt());
		insert = bind(insert, "content_type", upload.contentType(), String.class);
		insert = bind(insert, "description", upload.description(), String.class);
		insert = bind(insert, "ttl_days", upload.ttlDays(), Integer.class);
		insert = bind(insert, "ttl_expires_at", upload.ttlExpiresAt(), Instant.class);
		insert = bind(insert, "metadata", upload.metadata(), String.class);
		insert = bind(insert, "idempotency_key", upload.idempotencyKey(), String.class);
		return writeOne(bindCopy(insert, upload), upload);
	}

	/** Writes a row as it now is. */
	Mono<Upload> update(Upload upload) {
		return update(upload, Duration.ZERO);
	}

	/**
	 * Writes a row that the reconciler is to settle, not before {@code settleAfter}: an
	 * answer that may still be on its way should land first.
	 */
	Mono<Upload> update(Upload upload, Duration settleAfter) {
		return writeOne(bindChangingColumns(this.database.sql(UPDATE), upload, settleAfter), upload);
	}

	/**
	 * Moves an upload on only if it still is where the caller last saw it, so that a late
	 * write never overwrites a later step.
	 * @param expected the status the row must still have
	 * @param upload the row as it should become
	 * @return whether the row was written; {@code false} when it had moved on
	 */
	Mono<Boolean> updateIfStill(UploadStatus expected, Upload upload) {
		return updateIfStill(expected, upload, Duration.ZERO);
	}

	Mono<Boolean> updateIfStill(UploadStatus expected, Upload upload, Duration settleAfter) {
		return bindChangingColumns(this.database.sql(UPDATE_IF_STILL), upload, settleAfter)
			.bind("expected", expected.name())
			.fetch()
			.rowsUpdated()
			.map((rows) -> rows > 0);
	}

	/** Removes every trace of an upload that failed on the caller's bad input. */
	Mono<Void> forget(Upload upload) {
		return this.database.sql("DELETE FROM uploads WHERE id = :id").bind("id", upload.id()).then();
	}

	/**
	 * The upload that holds a caller's {@code Idempotency-Key}: one that is in flight, in
	 * doubt, unsettled or registered (an upload that ended without a file gives its key
	 * up).
	 */
	Mono<Upload> findByKey(String uploadedBy, String idempotencyKey) {
		return this.template
			.select(Query.query(Criteria.where("uploaded_by").is(uploadedBy).and("idempotency_key").is(idempotencyKey)),
					Upload.class)
			.filter((upload) -> !upload.status().endedWithoutFile())
			.next();
	}

	/** Frees an expired key, so that a new upload may use it. */
	Mono<Void> releaseKey(Upload upload) {
		return this.database.sql("UPDATE uploads SET idempotency_key = NULL WHERE id = :id")
			.bind("id", upload.id())
			.then();
	}

	/** The registered upload of a stored file, if this uploader made it. */
	Mono<Upload> findRegistered(UUID storageFileId, String uploadedBy) {
		return this.template
			.select(Query.query(Criteria.where("storage_file_id").is(storageFileId).and("uploaded_by").is(uploadedBy)),
					Upload.class)
			.filter((upload) -> upload.status() == UploadStatus.REGISTERED)
			.reduce((a, b) -> a.updatedAt().isAfter(b.updatedAt()) ? a : b);
	}

	/**
	 * Whether an upload's row names a copy on an element as its own: the element it went
	 * to, in any state but one that ended without a file.
	 */
	Mono<Boolean> namesCopy(UUID uploadId, String elementId) {
		return this.database
			.sql("SELECT count(*) FROM uploads WHERE id = :id AND storage_element_id = :element"
					+ " AND status NOT IN ('FAILED', 'COMPENSATED')")
			.bind("id", uploadId)
			.bind("element", elementId)
			.map((row, meta) -> row.get(0, Long.class))
			.one()
			.map((count) -> count > 0);
	}

	/**
	 * Claims the next upload to settle, for {@code lease}: one that is {@code UNCERTAIN}
	 * and due, or {@code RECEIVED} for longer than {@code staleAfter} by the database's
	 * clock. {@code FOR UPDATE SKIP LOCKED} keeps two reconcilers off one row.
	 * @return the row and how often it has been claimed, or empty when none is due
	 */
	Mono<Claimed> claim(Duration staleAfter, Duration lease) {
		return this.database.sql(CLAIM)
			.bind("stale_ms", staleAfter.toMillis())
			.bind("lease_ms", lease.toMillis())
			.map((row, meta) -> new Claimed(this.template.getConverter().read(Upload.class, row, meta),
					row.get("reconcile_attempts", Integer.class)))
			.one();
	}

	/** Tries a claimed upload again after a pause. */
	Mono<Void> retryLater(UUID id, Duration pause) {
		return this.database
			.sql("UPDATE uploads SET next_reconcile_at = now() + :pause_ms * interval '1 millisecond' WHERE id = :id")
			.bind("id", id)
			.bind("pause_ms", pause.toMillis())
			.then();
	}

	/** Uploads the reconciler gave up on, newest first. */
	Flux<Upload> unsettled(int limit) {
		return this.database
			.sql("SELECT * FROM uploads WHERE status = 'UNSETTLED' ORDER BY updated_at DESC LIMIT :limit")
			.bind("limit", limit)
			.map((row, meta) -> this.template.getConverter().read(Upload.class, row, meta))
			.all();
	}

	/**
	 * Hands an {@code UNSETTLED} upload back to the reconciler, with its attempts counted
	 * afresh: what an operator does once the cause is fixed.
	 * @return whether such an upload was there
	 */
	Mono<Boolean> requeue(UUID id) {
		return this.database
			.sql("UPDATE uploads SET status = 'UNCERTAIN', reconcile_attempts = 0, next_reconcile_at = now(),"
					+ " updated_at = now() WHERE id = :id AND status = 'UNSETTLED'")
			.bind("id", id)
			.fetch()
			.rowsUpdated()
			.map((rows) -> rows > 0);
	}

	Mono<Long> countUnsettled() {
		return this.database.sql("SELECT count(*) FROM uploads WHERE status = 'UNSETTLED'")
			.map((row, meta) -> row.get(0, Long.class))
			.one();
	}

	/**
	 * Binds the id and the columns that change as an upload moves on: the copy, and the
	 * form fields that came after the file.
	 */
	private static GenericExecuteSpec bindChangingColumns(GenericExecuteSpec spec, Upload upload,
			Duration settleAfter) {
		GenericExecuteSpec bound = bindCopy(spec.bind("id", upload.id())
			.bind("status", upload.status().name())
			.bind("settle_after_ms", settleAfter.toMillis()), upload);
		bound = bind(bound, "description", upload.description(), String.class);
		bound = bind(bound, "ttl_days", upload.ttlDays(), Integer.class);
		bound = bind(bound, "ttl_expires_at", upload.ttlExpiresAt(), Instant.class);
		return bind(bound, "metadata", upload.metadata(), String.class);
	}

	private static GenericExecuteSpec bindCopy(GenericExecuteSpec spec, Upload upload) {
		GenericExecuteSpec bound = bind(spec, "storage_element_id", upload.storageElementId(), String.class);
		bound = bind(bound, "storage_element_url", upload.storageElementUrl(), String.class);
		bound = bind(bound, "storage_file_id", upload.storageFileId(), UUID.class);
		bound = bind(bound, "storage_filename", upload.storageFilename(), String.class);
		bound = bind(bound, "file_size", upload.fileSize(), Long.class);
		bound = bind(bound, "checksum", upload.checksum(), String.class);
		return bind(bound, "failure_reason", upload.failureReason(), String.class);
	}

	private static GenericExecuteSpec bind(GenericExecuteSpec spec, String name, @Nullable Object value,
			Class<?> type) {
		return (value != null) ? spec.bind(name, value) : spec.bindNull(name, type);
	}

	private static Mono<Upload> writeOne(GenericExecuteSpec write, Upload upload) {
		return write.fetch().rowsUpdated().flatMap((rows) -> {
			if (rows != 1) {
				return Mono.error(new IncorrectUpdateSemanticsDataAccessException(
						"Upload " + upload.id() + ": " + rows + " rows written instead of 1"));
			}
			return Mono.just(upload);
		});
	}

	/**
	 * An upload claimed by the reconciler.
	 *
	 * @param row the row as claimed
	 * @param attempts how often it has been claimed, this time included
	 */
	record Claimed(Upload row, int attempts) {
	}

}
