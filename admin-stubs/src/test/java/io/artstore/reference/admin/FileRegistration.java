package io.artstore.reference.admin;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import com.fasterxml.jackson.annotation.JsonProperty;
import org.jspecify.annotations.Nullable;

/**
 * The body of {@code POST /api/v1/files}, as the Admin Module's file registry accepts it.
 */
record FileRegistration(@JsonProperty("file_id") @Nullable UUID fileId,
		@JsonProperty("original_filename") @Nullable String originalFilename,
		@JsonProperty("storage_filename") @Nullable String storageFilename,
		@JsonProperty("file_size") @Nullable Long fileSize,
		@JsonProperty("checksum_sha256") @Nullable String checksumSha256,
		@JsonProperty("content_type") @Nullable String contentType, @Nullable String description,
		@JsonProperty("retention_policy") @Nullable String retentionPolicy,
		@JsonProperty("ttl_expires_at") @Nullable Instant ttlExpiresAt,
		@JsonProperty("ttl_days") @Nullable Integer ttlDays,
		@JsonProperty("storage_element_id") @Nullable String storageElementId,
		@JsonProperty("storage_path") @Nullable String storagePath,
		@JsonProperty("uploaded_by") @Nullable String uploadedBy,
		@JsonProperty("user_metadata") @Nullable Map<String, Object> userMetadata) {

	/**
	 * The validation errors the registry reports, empty when the registration is valid.
	 */
	List<String> problems() {
		List<String> problems = new ArrayList<>();
		require(problems, this.fileId != null, "file_id is required");
		require(problems, notBlank(this.originalFilename), "original_filename is required");
		require(problems, notBlank(this.storageFilename), "storage_filename is required");
		require(problems, this.fileSize != null && this.fileSize >= 0, "file_size must be >= 0");
		require(problems, this.checksumSha256 != null && this.checksumSha256.matches("[0-9a-fA-F]{64}"),
				"checksum_sha256 must be 64 hexadecimal characters");
		require(problems, notBlank(this.storageElementId), "storage_element_id is required");
		require(problems, notBlank(this.storagePath), "storage_path is required");
		if ("temporary".equals(this.retentionPolicy)) {
			require(problems, this.ttlExpiresAt != null && this.ttlDays != null,
					"ttl_expires_at and ttl_days are required for temporary files");
		}
		else if ("permanent".equals(this.retentionPolicy)) {
			require(problems, this.ttlExpiresAt == null && this.ttlDays == null,
					"ttl_expires_at and ttl_days must be None for permanent files");
		}
		else {
			problems.add("retention_policy must be temporary or permanent");
		}
		require(problems, this.ttlDays == null || (this.ttlDays >= 1 && this.ttlDays <= 365),
				"ttl_days must be between 1 and 365");
		return problems;
	}

	private static boolean notBlank(@Nullable String value) {
		return value != null && !value.isBlank();
	}

	private static void require(List<String> problems, boolean condition, String problem) {
		if (!condition) {
			problems.add(problem);
		}
	}

}
