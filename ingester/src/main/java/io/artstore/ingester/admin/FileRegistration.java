package io.artstore.ingester.admin;

import java.time.Instant;
import java.util.UUID;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonRawValue;
import org.jspecify.annotations.Nullable;

/**
 * The body of the Admin Module's {@code POST /api/v1/files}: a stored file for its
 * registry.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record FileRegistration(@JsonProperty("file_id") UUID fileId,
		@JsonProperty("original_filename") String originalFilename,
		@JsonProperty("storage_filename") String storageFilename, @JsonProperty("file_size") long fileSize,
		@JsonProperty("checksum_sha256") String checksumSha256,
		@JsonProperty("content_type") @Nullable String contentType, @Nullable String description,
		@JsonProperty("retention_policy") String retentionPolicy,
		@JsonProperty("ttl_expires_at") @Nullable Instant ttlExpiresAt,
		@JsonProperty("ttl_days") @Nullable Integer ttlDays,
		@JsonProperty("storage_element_id") String storageElementId, @JsonProperty("storage_path") String storagePath,
		@JsonProperty("uploaded_by") String uploadedBy,
		@JsonProperty("user_metadata") @JsonRawValue @Nullable String userMetadata) {
}
