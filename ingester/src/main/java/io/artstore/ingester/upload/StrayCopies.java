package io.artstore.ingester.upload;

import java.time.Duration;
import java.util.UUID;

import io.r2dbc.spi.Row;
import org.jspecify.annotations.Nullable;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

import org.springframework.r2dbc.core.DatabaseClient;
import org.springframework.r2dbc.core.DatabaseClient.GenericExecuteSpec;
import org.springframework.stereotype.Component;

import io.artstore.ingester.admin.StorageElement;

/**
 * The {@code stray_copies} table, and the only class that writes it: copies that an
 * upload may have left on a storage element (an answer that was lost, a removal that
 * failed), until the reconciler finds them gone, kept or removed, or gives up on them and
 * leaves the row as the record of an orphan. Every copy of an upload has the upload's id.
 */
@Component
class StrayCopies {

	private static final String INSERT = """
			INSERT INTO stray_copies (id, upload_id, storage_element_id, storage_element_url, storage_file_id,
			    status, reason, created_at, updated_at, next_check_at)
			VALUES (:id, :upload_id, :storage_element_id, :storage_element_url, :storage_file_id,
			    'SUSPECTED', :reason, now(), now(), now() + :check_after_ms * interval '1 millisecond')
			""";

	private static final String CLAIM = """
			UPDATE stray_copies SET next_check_at = now() + :lease_ms * interval '1 millisecond',
			    attempts = attempts + 1, updated_at = now()
			WHERE id = (
			    SELECT id FROM stray_copies
			    WHERE status = 'SUSPECTED' AND (next_check_at IS NULL OR next_check_at <= now())
			    ORDER BY created_at
			    LIMIT 1
			    FOR UPDATE SKIP LOCKED)
			RETURNING id, upload_id, storage_element_id, storage_element_url, storage_file_id, reason, attempts
			""";

	private final DatabaseClient database;

	StrayCopies(DatabaseClient database) {
		this.database = database;
	}

	/**
	 * Notes an element that may hold a copy of an upload.
	 * @param uploadId the upload, whose id the copy has
	 * @param element the element
	 * @param reason why
	 * @param checkAfter how long the element may still be writing the copy
	 * @return completes when written
	 */
	Mono<Void> suspect(UUID uploadId, StorageElement element, String reason, Duration checkAfter) {
		return insert(uploadId, element.elementId(), element.apiUrl(), null, reason, checkAfter);
	}

	/**
	 * Notes a known copy that could not be removed.
	 * @return completes when written
	 */
	Mono<Void> undeleted(UUID uploadId, String elementId, String elementApiUrl, UUID fileId, String reason) {
		return insert(uploadId, elementId, elementApiUrl, fileId, reason, Duration.ZERO);
	}

	/**
	 * Claims the next copy to check, for {@code lease}.
	 * @return the copy, or empty when none is due
	 */
	Mono<StrayCopy> claim(Duration lease) {
		return this.database.sql(CLAIM).bind("lease_ms", lease.toMillis()).map((row, meta) -> read(row)).one();
	}

	/** Records what became of a copy. */
	Mono<Void> settle(StrayCopy copy, CopyStatus status, @Nullable String reason) {
		GenericExecuteSpec update = this.database
			.sql("UPDATE stray_copies SET status = :status, storage_file_id = :file_id,"
					+ " reason = COALESCE(:reason, reason), updated_at = now(), next_check_at = NULL WHERE id = :id")
			.bind("id", copy.id())
			.bind("status", status.name())
			.bind("file_id", copy.fileId());
		update = (reason != null) ? update.bind("reason", reason) : update.bindNull("reason", String.class);
		return update.then();
	}

	/** Checks a claimed copy again after a pause. */
	Mono<Void> retryLater(StrayCopy copy, Duration pause) {
		return this.database
			.sql("UPDATE stray_copies SET next_check_at = now() + :pause_ms * interval '1 millisecond' WHERE id = :id")
			.bind("id", copy.id())
			.bind("pause_ms", pause.toMillis())
			.then();
	}

	/** Copies recorded as orphans, newest first. */
	Flux<StrayCopy> orphaned(int limit) {
		return this.database
			.sql("SELECT id, upload_id, storage_element_id, storage_element_url, storage_file_id, reason, attempts"
					+ " FROM stray_copies WHERE status = 'ORPHANED' ORDER BY updated_at DESC LIMIT :limit")
			.bind("limit", limit)
			.map((row, meta) -> read(row))
			.all();
	}

	Mono<Long> countOrphaned() {
		return this.database.sql("SELECT count(*) FROM stray_copies WHERE status = 'ORPHANED'")
			.map((row, meta) -> row.get(0, Long.class))
			.one();
	}

	private static StrayCopy read(Row row) {
		return new StrayCopy(row.get("id", UUID.class), row.get("upload_id", UUID.class),
				row.get("storage_element_id", String.class), row.get("storage_element_url", String.class),
				row.get("storage_file_id", UUID.class), row.get("reason", String.class),
				row.get("attempts", Integer.class));
	}

	private Mono<Void> insert(UUID uploadId, String elementId, String elementApiUrl, @Nullable UUID fileId,
			String reason, Duration checkAfter) {
		GenericExecuteSpec insert = this.database.sql(INSERT)
			.bind("id", UUID.randomUUID())
			.bind("upload_id", uploadId)
			.bind("storage_element_id", elementId)
			.bind("storage_element_url", elementApiUrl)
			.bind("reason", reason)
			.bind("check_after_ms", checkAfter.toMillis());
		insert = (fileId != null) ? insert.bind("storage_file_id", fileId)
				: insert.bindNull("storage_file_id", UUID.class);
		return insert.then();
	}

	/**
	 * A copy an upload may have left on an element.
	 *
	 * @param id the record
	 * @param uploadId the upload
	 * @param elementId the element
	 * @param elementApiUrl the element's {@code api_url} when it was noted
	 * @param storedFileId the copy's file id when known (earlier versions let elements
	 * choose it)
	 * @param reason why it was noted, or what became of it
	 * @param attempts how often it has been claimed
	 */
	record StrayCopy(UUID id, UUID uploadId, String elementId, String elementApiUrl, @Nullable UUID storedFileId,
			@Nullable String reason, int attempts) {

		/**
		 * The file id the copy has: the upload's, unless an earlier version noted
		 * another.
		 */
		UUID fileId() {
			return (this.storedFileId != null) ? this.storedFileId : this.uploadId;
		}

	}

}
