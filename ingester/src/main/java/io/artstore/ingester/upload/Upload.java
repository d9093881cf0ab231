package io.artstore.ingester.upload;

import java.time.Instant;
import java.util.Objects;
import java.util.UUID;

import org.jspecify.annotations.Nullable;

import org.springframework.data.annotation.Id;
import org.springframework.data.relational.core.mapping.Table;

import io.artstore.ingester.admin.FileRegistration;
import io.artstore.ingester.storage.Placement;

/**
 * One upload in the ledger: a row of {@code uploads}, immutable, replaced at each step.
 */
@Table("uploads")
record Upload(@Id UUID id, UploadStatus status, String uploadedBy, String originalFilename,
		@Nullable String contentType, @Nullable String description, String retentionPolicy, @Nullable Integer ttlDays,
		@Nullable Instant ttlExpiresAt, @Nullable String metadata, @Nullable String storageElementId,
		@Nullable String storageElementUrl, @Nullable UUID storageFileId, @Nullable String storageFilename,
		@Nullable Long fileSize, @Nullable String checksum, @Nullable String failureReason, Instant createdAt,
		Instant updatedAt, @Nullable String idempotencyKey) {

	static Upload received(String uploadedBy, String originalFilename, @Nullable String contentType, UploadForm form,
			@Nullable String idempotencyKey, Instant now) {
		return new Upload(UUID.randomUUID(), UploadStatus.RECEIVED, uploadedBy, originalFilename, contentType,
				form.description(), form.retentionPolicy().value(), form.ttlDays(), form.ttlExpiresAt(now),
				form.metadataJson(), null, null, null, null, null, null, null, now, now, idempotencyKey);
	}

	Upload stored(Placement placement, String storageFilename, Instant now) {
		return new Upload(this.id, UploadStatus.STORED, this.uploadedBy, this.originalFilename, this.contentType,
				this.description, this.retentionPolicy, this.ttlDays, this.ttlExpiresAt, this.metadata,
				placement.element().elementId(), placement.element().apiUrl(), placement.copy().fileId(),
				storageFilename, placement.copy().fileSize(), placement.copy().checksum(), null, this.createdAt, now,
				this.idempotencyKey);
	}

	Upload registered(Instant now) {
		return withStatus(UploadStatus.REGISTERED, null, now);
	}

	Upload failed(String reason, Instant now) {
		return withStatus(UploadStatus.FAILED, reason, now);
	}

	Upload compensated(String reason, Instant now) {
		return withStatus(UploadStatus.COMPENSATED, reason, now);
	}

	/** What the Admin Module is asked to register for a stored upload. */
	FileRegistration toRegistration() {
		return new FileRegistration(Objects.requireNonNull(this.storageFileId), this.originalFilename,
				Objects.requireNonNull(this.storageFilename), Objects.requireNonNull(this.fileSize),
				Objects.requireNonNull(this.checksum), this.contentType, this.description, this.retentionPolicy,
				this.ttlExpiresAt, this.ttlDays, Objects.requireNonNull(this.storageElementId),
				"/api/v1/files/" + this.storageFileId, this.uploadedBy, this.metadata);
	}

	/** The outcome of a step is not known; the reconciler settles it. */
	Upload uncertain(String reason, Instant now) {
		return withStatus(UploadStatus.UNCERTAIN, reason, now);
	}

	private Upload withStatus(UploadStatus status, @Nullable String reason, Instant now) {
		return new Upload(this.id, status, this.uploadedBy, this.originalFilename, this.contentType, this.description,
				this.retentionPolicy, this.ttlDays, this.ttlExpiresAt, this.metadata, this.storageElementId,
				this.storageElementUrl, this.storageFileId, this.storageFilename, this.fileSize, this.checksum, reason,
				this.createdAt, now, this.idempotencyKey);
	}

}
