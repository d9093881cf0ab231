package io.artstore.ingester.admin;

import java.time.Instant;
import java.util.UUID;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonProperty;
import org.jspecify.annotations.Nullable;

/**
 * What the Admin Module's registry holds about a file, as far as the ingester reads it.
 *
 * @param fileId the file
 * @param storageElementId the element that holds the registered copy: every copy of an
 * upload has the upload's id, so this tells the registered one from strays
 * @param fileSize the registered size
 * @param checksumSha256 the registered checksum
 * @param retentionPolicy {@code temporary} or {@code permanent}
 * @param finalizedAt when a temporary file was made permanent, if it was
 * @param uploadedBy who uploaded it: the caller's {@code sub} for the ingester's uploads
 * @param originalFilename the caller's file name
 * @param contentType the file's content type, if known
 * @param description the caller's description, if any
 */
@JsonIgnoreProperties(ignoreUnknown = true)
public record RegisteredFile(@JsonProperty("file_id") UUID fileId,
		@JsonProperty("storage_element_id") String storageElementId, @JsonProperty("file_size") long fileSize,
		@JsonProperty("checksum_sha256") String checksumSha256,
		@JsonProperty("retention_policy") @Nullable String retentionPolicy,
		@JsonProperty("finalized_at") @Nullable Instant finalizedAt,
		@JsonProperty("uploaded_by") @Nullable String uploadedBy,
		@JsonProperty("original_filename") @Nullable String originalFilename,
		@JsonProperty("content_type") @Nullable String contentType, @Nullable String description) {

	/**
	 * Whether the file is temporary and was never finalized: what finalization starts
	 * from.
	 */
	public boolean isTemporary() {
		return "temporary".equals(this.retentionPolicy) && this.finalizedAt == null;
	}

	/** Whether the registry records the file as permanent on the given element. */
	public boolean isPermanentOn(@Nullable String elementId) {
		return "permanent".equals(this.retentionPolicy) && this.storageElementId.equals(elementId);
	}

}
