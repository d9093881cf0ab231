package io.artstore.ingester.upload;

import java.time.Clock;
import java.util.List;
import java.util.UUID;

import org.jspecify.annotations.Nullable;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

import org.springframework.r2dbc.core.DatabaseClient;
import org.springframework.r2dbc.core.DatabaseClient.GenericExecuteSpec;
import org.springframework.stereotype.Component;

import io.artstore.ingester.storage.SuspectedCopy;

/**
 * The {@code stray_copies} table: copies that an upload may have left on a storage
 * element (an answer that was lost, a delete that failed, an ingester that stopped),
 * until the reconciler finds them gone, deletes them, or gives up on them and leaves the
 * row as the record of an orphan.
 */
@Component
class StrayCopies {

	private static final String INSERT = """
			INSERT INTO stray_copies (id, upload_id, storage_element_id, storage_element_url, storage_file_id,
			    status, reason, created_at, updated_at)
			VALUES (:id, :upload_id, :storage_element_id, :storage_element_url, :storage_file_id,
			    'SUSPECTED', :reason, :now, :now)
			""";

	private final DatabaseClient database;

	private final Clock clock;

	StrayCopies(DatabaseClient database) {
		this.database = database;
		this.clock = Clock.systemUTC();
	}

	/**
	 * Notes elements that may hold a copy of an upload whose file id is not known.
	 * @param uploadId the upload, which is the key the copy was sent with
	 * @param suspected the elements
	 * @param reason why
	 * @return completes when written
	 */
	Mono<Void> suspect(UUID uploadId, List<SuspectedCopy> suspected, String reason) {
		return Flux.fromIterable(suspected)
			.concatMap((copy) -> insert(uploadId, copy.elementId(), copy.elementApiUrl(), null, reason))
			.then();
	}

	/**
	 * Notes a known copy that could not be deleted.
	 * @return completes when written
	 */
	Mono<Void> undeleted(UUID uploadId, String elementId, String elementApiUrl, UUID fileId, String reason) {
		return insert(uploadId, elementId, elementApiUrl, fileId, reason);
	}

	private Mono<Void> insert(UUID uploadId, String elementId, String elementApiUrl, @Nullable UUID fileId,
			String reason) {
		GenericExecuteSpec insert = this.database.sql(INSERT)
			.bind("id", UUID.randomUUID())
			.bind("upload_id", uploadId)
			.bind("storage_element_id", elementId)
			.bind("storage_element_url", elementApiUrl)
			.bind("reason", reason)
			.bind("now", this.clock.instant());
		insert = (fileId != null) ? insert.bind("storage_file_id", fileId)
				: insert.bindNull("storage_file_id", UUID.class);
		return insert.then();
	}

}
