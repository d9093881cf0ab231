package io.artstore.reference.admin;

import java.time.Instant;
import java.util.Map;

import org.jspecify.annotations.Nullable;

/**
 * A change of {@code PUT /api/v1/files/{file_id}}, as the Admin Module's
 * {@code FileUpdateRequest} accepts it: every field optional.
 *
 * @param retentionPolicy {@code temporary} or {@code permanent}
 * @param storageElementId the element that now holds the file
 * @param storagePath where on it
 * @param finalizedAt when the file became permanent
 * @param description its description
 * @param userMetadata the uploader's metadata
 */
record FileUpdate(@Nullable String retentionPolicy, @Nullable String storageElementId, @Nullable String storagePath,
		@Nullable Instant finalizedAt, @Nullable String description, @Nullable Map<String, Object> userMetadata) {

	/**
	 * Reads a change.
	 * @param body the body
	 * @return the change, or {@code null} when the body has errors
	 */
	static @Nullable FileUpdate read(BodyValidation body) {
		FileUpdate update = new FileUpdate(body.choice("retention_policy", false, "temporary", "permanent"),
				body.string("storage_element_id", false, 1, 255), body.string("storage_path", false, 1, 1000),
				body.datetime("finalized_at"), body.string("description", false, 0, 1000),
				body.object("user_metadata"));
		return body.isValid() ? update : null;
	}

}
