package io.artstore.ingester.finalize;

import java.time.Instant;
import java.util.UUID;

import com.fasterxml.jackson.annotation.JsonProperty;
import org.jspecify.annotations.Nullable;

import io.artstore.ingester.problem.ProblemException;

/**
 * A finalization as callers see it: the fields of the upstream ingester's answer to
 * {@code POST /api/v1/finalize/{file_id}} and of its status resource, in one body, so
 * that existing callers keep working; {@code error_type} and {@code source_cleanup} are
 * added.
 *
 * @param transactionId what to poll
 * @param fileId the file
 * @param status {@code copying}, {@code copied}, {@code verifying}, {@code completed},
 * {@code failed} or {@code rolled_back}
 * @param progressPercent 25, 50, 75, 100, or 0 for one that failed
 * @param sourceStorageElementId the edit element of the temporary copy
 * @param targetStorageElementId the rw element, once chosen
 * @param checksumVerified whether the copy was checked against the registry's checksum
 * @param createdAt when it was asked for
 * @param completedAt when it ended
 * @param finalizedAt when the Admin Module was told
 * @param newStoragePath the permanent copy's path, once completed
 * @param cleanupScheduledAt when the temporary copy is removed
 * @param sourceCleanup {@code pending}, {@code removed} or {@code kept}, once completed
 * @param errorType the problem type URI of a failed step
 * @param errorMessage the problem's title
 */
record FinalizationView(@JsonProperty("transaction_id") UUID transactionId, @JsonProperty("file_id") UUID fileId,
		String status, @JsonProperty("progress_percent") int progressPercent,
		@JsonProperty("source_storage_element_id") String sourceStorageElementId,
		@JsonProperty("target_storage_element_id") @Nullable String targetStorageElementId,
		@JsonProperty("checksum_verified") boolean checksumVerified, @JsonProperty("created_at") Instant createdAt,
		@JsonProperty("completed_at") @Nullable Instant completedAt,
		@JsonProperty("finalized_at") @Nullable Instant finalizedAt,
		@JsonProperty("new_storage_path") @Nullable String newStoragePath,
		@JsonProperty("cleanup_scheduled_at") @Nullable Instant cleanupScheduledAt,
		@JsonProperty("source_cleanup") @Nullable String sourceCleanup,
		@JsonProperty("error_type") @Nullable String errorType,
		@JsonProperty("error_message") @Nullable String errorMessage) {

	static FinalizationView of(Finalization row) {
		boolean completed = row.status() == FinalizeStatus.COMPLETED;
		String cleanup = row.sourceCleanup();
		return new FinalizationView(row.transactionId(), row.fileId(), row.status().value(),
				row.status().progressPercent(), row.sourceElementId(), row.targetElementId(), row.checksumVerified(),
				row.createdAt(), row.completedAt(), row.finalizedAt(), completed ? row.storagePath() : null,
				row.cleanupAt(), (cleanup != null) ? cleanup.toLowerCase(java.util.Locale.ROOT) : null,
				(row.errorType() != null) ? ProblemException.TYPE_BASE + row.errorType() : null, row.errorMessage());
	}

}
