package io.artstore.ingester.upload;

import java.time.Instant;
import java.util.UUID;

import org.jspecify.annotations.Nullable;
import reactor.core.publisher.Mono;

import org.springframework.dao.IncorrectUpdateSemanticsDataAccessException;
import org.springframework.data.r2dbc.core.R2dbcEntityTemplate;
import org.springframework.data.relational.core.query.Criteria;
import org.springframework.data.relational.core.query.Query;
import org.springframework.r2dbc.core.DatabaseClient;
import org.springframework.r2dbc.core.DatabaseClient.GenericExecuteSpec;
import org.springframework.stereotype.Component;

/**
 * The {@code uploads} table: one row per upload, following it from received to
 * registered. An upload that goes well is written twice: {@code RECEIVED} before a byte
 * goes to an element (the row that names any copy), then {@code REGISTERED} with where
 * the copy is; a failure writes where it stopped instead. The writes use fixed SQL:
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
			    :storage_file_id, :storage_filename, :file_size, :checksum, :failure_reason, :created_at, :updated_at,
			    :idempotency_key)
			""";

	private static final String UPDATE = """
			UPDATE uploads SET status = :status, storage_element_id = :storage_element_id,
			    storage_element_url = :storage_element_url, storage_file_id = :storage_file_id,
			    storage_filename = :storage_filename, file_size = :file_size, checksum = :checksum,
			    failure_reason = :failure_reason, updated_at = :updated_at
			WHERE id = :id
			""";

	private final DatabaseClient database;

	private final R2dbcEntityTemplate template;

	UploadLedger(DatabaseClient database, R2dbcEntityTemplate template) {
		this.database = database;
		this.template = template;
	}

	Mono<Upload> insert(Upload upload) {
		GenericExecuteSpec insert = this.database.sql(INSERT)
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
		return writeOne(bindChangingColumns(insert, upload), upload);
	}

	Mono<Upload> update(Upload upload) {
		return writeOne(bindChangingColumns(this.database.sql(UPDATE), upload), upload);
	}

	/** Removes every trace of an upload that failed on the caller's bad input. */
	Mono<Void> forget(Upload upload) {
		return this.database.sql("DELETE FROM uploads WHERE id = :id").bind("id", upload.id()).then();
	}

	/** An upload by its id. */
	Mono<Upload> find(UUID id) {
		return this.template.selectOne(Query.query(Criteria.where("id").is(id)), Upload.class);
	}

	/**
	 * The upload that holds a caller's {@code Idempotency-Key}: one that is in flight, in
	 * doubt or registered (an upload that ended without a file gives its key up).
	 */
	Mono<Upload> findByKey(String uploadedBy, String idempotencyKey) {
		return this.template
			.select(Query.query(Criteria.where("uploaded_by").is(uploadedBy).and("idempotency_key").is(idempotencyKey)),
					Upload.class)
			.filter((upload) -> upload.status() != UploadStatus.FAILED && upload.status() != UploadStatus.COMPENSATED)
			.next();
	}

	/**
	 * Moves an upload on only if it still is where the caller last saw it: for what is
	 * written when an upload is cancelled, which must not overwrite a later step.
	 * @param expected the status the row must still have
	 * @param upload the row as it should become
	 * @return whether the row was written; {@code false} when it had moved on
	 */
	Mono<Boolean> updateIfStill(UploadStatus expected, Upload upload) {
		return bindChangingColumns(this.database.sql(UPDATE.strip() + " AND status = :expected"), upload)
			.bind("expected", expected.name())
			.fetch()
			.rowsUpdated()
			.map((rows) -> rows > 0);
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

	/** Binds the id and the columns that change as an upload moves on. */
	private static GenericExecuteSpec bindChangingColumns(GenericExecuteSpec spec, Upload upload) {
		GenericExecuteSpec bound = spec.bind("id", upload.id())
			.bind("status", upload.status().name())
			.bind("updated_at", upload.updatedAt());
		bound = bind(bound, "storage_element_id", upload.storageElementId(), String.class);
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

}
