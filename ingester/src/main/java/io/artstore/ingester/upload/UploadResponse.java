package io.artstore.ingester.upload;

import java.time.Instant;
import java.util.UUID;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import org.jspecify.annotations.Nullable;

/**
 * What the caller learns about a registered upload.
 *
 * @param finalizeTransactionId the finalization started for a
 * {@code retention_policy=permanent} that came after the file; absent otherwise
 */
record UploadResponse(@JsonProperty("file_id") UUID fileId, @JsonProperty("original_filename") String originalFilename,
		@JsonProperty("storage_filename") String storageFilename, @JsonProperty("file_size") long fileSize,
		String checksum, @JsonProperty("uploaded_at") Instant uploadedAt,
		@JsonProperty("storage_element_id") String storageElementId,
		@JsonProperty("storage_element_url") String storageElementUrl,
		@JsonProperty("retention_policy") String retentionPolicy,
		@JsonProperty("ttl_expires_at") @Nullable Instant ttlExpiresAt,
		@JsonProperty("finalize_transaction_id") @JsonInclude(JsonInclude.Include.NON_NULL) @Nullable UUID finalizeTransactionId) {

	static UploadResponse of(Upload upload) {
		return of(upload, null);
	}

	static UploadResponse of(Upload upload, @Nullable UUID finalizeTransactionId) {
		return new UploadResponse(upload.storageFileId(), upload.originalFilename(), upload.storageFilename(),
				upload.fileSize(), upload.checksum(), upload.updatedAt(), upload.storageElementId(),
				upload.storageElementUrl(), upload.retentionPolicy(), upload.ttlExpiresAt(), finalizeTransactionId);
	}

}
