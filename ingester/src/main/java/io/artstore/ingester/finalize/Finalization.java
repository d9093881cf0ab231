package io.artstore.ingester.finalize;

import java.time.Instant;
import java.util.UUID;

import org.jspecify.annotations.Nullable;

/**
 * One finalization in the ledger: a row of {@code finalizations}, immutable. Its
 * transaction id is what the caller polls and what the target element is sent as
 * {@code finalize_transaction_id}; its file id is the file's, on the source and on the
 * target alike.
 *
 * @param transactionId the finalization
 * @param fileId the file
 * @param status where it stands
 * @param initiatedBy the caller's {@code sub}
 * @param sourceElementId the edit element that holds the temporary copy
 * @param targetElementId the rw element the copy goes to, once chosen: a copy may be
 * there
 * @param targetElementUrl that element's {@code api_url}
 * @param fileSize the registered size
 * @param checksum the registered SHA-256, which the copy must have
 * @param checksumVerified whether the copy's checksum was checked on the way and at the
 * target
 * @param errorType the problem type of a failed step
 * @param errorMessage what failed
 * @param createdAt when it was asked for
 * @param updatedAt the last write, by the database's clock (a stale one was left behind)
 * @param completedAt when it ended
 * @param finalizedAt when the Admin Module was told the file is permanent
 * @param cleanupAt when the source copy is due to be removed
 * @param sourceCleanup {@code PENDING}, {@code REMOVED} or {@code KEPT}, once completed
 */
record Finalization(UUID transactionId, UUID fileId, FinalizeStatus status, String initiatedBy, String sourceElementId,
		@Nullable String targetElementId, @Nullable String targetElementUrl, long fileSize, String checksum,
		boolean checksumVerified, @Nullable String errorType, @Nullable String errorMessage, Instant createdAt,
		Instant updatedAt, @Nullable Instant completedAt, @Nullable Instant finalizedAt, @Nullable Instant cleanupAt,
		@Nullable String sourceCleanup) {

	static Finalization started(UUID fileId, String initiatedBy, String sourceElementId, long fileSize, String checksum,
			Instant now) {
		return new Finalization(UUID.randomUUID(), fileId, FinalizeStatus.COPYING, initiatedBy, sourceElementId, null,
				null, fileSize, checksum, false, null, null, now, now, null, null, null, null);
	}

	/** Where the status resource is. */
	String statusPath() {
		return "/api/v1/finalize/" + this.transactionId + "/status";
	}

	/** The path of the permanent copy, as registrations give it. */
	String storagePath() {
		return "/api/v1/files/" + this.fileId;
	}

}
