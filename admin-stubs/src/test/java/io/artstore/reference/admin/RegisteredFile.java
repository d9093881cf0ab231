package io.artstore.reference.admin;

import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;

import org.jspecify.annotations.Nullable;

/**
 * A file in the registry: its registration, what updates changed since, and its answer as
 * the Admin Module's {@code FileResponse}.
 */
final class RegisteredFile {

	private final FileRegistration registration;

	private final Instant createdAt;

	private String retentionPolicy;

	private @Nullable Instant ttlExpiresAt;

	private @Nullable Integer ttlDays;

	private @Nullable Instant finalizedAt;

	private String storageElementId;

	private String storagePath;

	private @Nullable String description;

	private Map<String, Object> userMetadata;

	private Instant updatedAt;

	RegisteredFile(FileRegistration registration, Instant at) {
		this.registration = registration;
		this.createdAt = at;
		this.updatedAt = at;
		this.retentionPolicy = registration.retentionPolicy();
		this.ttlExpiresAt = registration.ttlExpiresAt();
		this.ttlDays = registration.ttlDays();
		this.storageElementId = registration.storageElementId();
		this.storagePath = registration.storagePath();
		this.description = registration.description();
		this.userMetadata = (registration.userMetadata() != null) ? registration.userMetadata() : Map.of();
	}

	FileRegistration registration() {
		return this.registration;
	}

	/**
	 * Applies a change as the registry does: a permanent file cannot become temporary
	 * again, and becoming permanent clears the TTL.
	 * @param update the change
	 * @param at when
	 * @return why the change is refused, or {@code null} when it was applied
	 */
	synchronized @Nullable String update(FileUpdate update, Instant at) {
		if ("permanent".equals(this.retentionPolicy) && "temporary".equals(update.retentionPolicy())) {
			return "Cannot change retention_policy from permanent to temporary";
		}
		if (update.retentionPolicy() != null) {
			this.retentionPolicy = update.retentionPolicy();
			if ("permanent".equals(this.retentionPolicy)) {
				this.ttlExpiresAt = null;
				this.ttlDays = null;
			}
		}
		if (update.storageElementId() != null) {
			this.storageElementId = update.storageElementId();
		}
		if (update.storagePath() != null) {
			this.storagePath = update.storagePath();
		}
		if (update.finalizedAt() != null) {
			this.finalizedAt = update.finalizedAt();
		}
		if (update.description() != null) {
			this.description = update.description();
		}
		if (update.userMetadata() != null) {
			this.userMetadata = update.userMetadata();
		}
		this.updatedAt = at;
		return null;
	}

	/** The file as {@code FileResponse} describes it. */
	synchronized Map<String, @Nullable Object> response() {
		FileRegistration file = this.registration;
		Map<String, @Nullable Object> body = new LinkedHashMap<>();
		body.put("file_id", file.fileId());
		body.put("original_filename", file.originalFilename());
		body.put("storage_filename", file.storageFilename());
		body.put("file_size", file.fileSize());
		body.put("checksum_sha256", file.checksumSha256());
		body.put("content_type", file.contentType());
		body.put("description", this.description);
		body.put("retention_policy", this.retentionPolicy);
		body.put("ttl_expires_at", text(this.ttlExpiresAt));
		body.put("ttl_days", this.ttlDays);
		body.put("finalized_at", text(this.finalizedAt));
		body.put("storage_element_id", this.storageElementId);
		body.put("storage_path", this.storagePath);
		body.put("compressed", file.compressed());
		body.put("compression_algorithm", file.compressionAlgorithm());
		body.put("original_size", file.originalSize());
		body.put("uploaded_by", file.uploadedBy());
		body.put("upload_source_ip", file.uploadSourceIp());
		body.put("user_metadata", this.userMetadata);
		body.put("created_at", text(this.createdAt));
		body.put("updated_at", text(this.updatedAt));
		body.put("deleted_at", null);
		body.put("deletion_reason", null);
		body.put("is_deleted", false);
		body.put("is_finalized", this.finalizedAt != null);
		body.put("is_temporary", "temporary".equals(this.retentionPolicy));
		return body;
	}

	private static @Nullable String text(@Nullable Instant instant) {
		return (instant != null) ? instant.toString() : null;
	}

}
