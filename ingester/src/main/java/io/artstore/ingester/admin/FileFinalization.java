package io.artstore.ingester.admin;

import java.time.Instant;

import com.fasterxml.jackson.annotation.JsonProperty;

/**
 * The body of the Admin Module's {@code PUT /api/v1/files/{file_id}} that records a
 * finalization: the file is permanent now, on another element. Setting permanent clears
 * the file's TTL at the registry.
 *
 * @param storageElementId the rw element that holds the permanent copy
 * @param storagePath where the copy is, as the upload's registration gives it
 * @param finalizedAt when the copy was verified
 */
public record FileFinalization(@JsonProperty("storage_element_id") String storageElementId,
		@JsonProperty("storage_path") String storagePath, @JsonProperty("finalized_at") Instant finalizedAt) {

	@JsonProperty("retention_policy")
	String retentionPolicy() {
		return "permanent";
	}

}
