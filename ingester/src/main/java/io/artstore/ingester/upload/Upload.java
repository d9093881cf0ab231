package io.artstore.ingester.upload;

import java.time.Instant;
import java.util.Objects;
import java.util.UUID;

import org.jspecify.annotations.Nullable;

import org.springframework.data.annotation.Id;
import org.springframework.data.relational.core.mapping.Table;

import io.artstore.ingester.admin.FileRegistration;
import io.artstore.ingester.admin.RegisteredFile;
import io.artstore.ingester.admin.StorageElement;
import io.artstore.ingester.storage.Placement;

/**
 * One upload in the ledger: a row of {@code uploads}, immutable, replaced at each step.
 * Its id is the file id of every copy and of its registration. {@code updatedAt} is
 * written by the database's clock, which alone decides when a row is stale.
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

	/**
	 * The row with the whole form, the fields after the file included; a TTL counts from
	 * when the upload was received.
	 */
	Upload withForm(UploadForm form) {
		return new Upload(this.id, this.status, this.uploadedBy, this.originalFilename, this.contentType,
				form.description(), form.retentionPolicy().value(), form.ttlDays(), form.ttlExpiresAt(this.createdAt),
				form.metadataJson(), this.storageElementId, this.storageElementUrl, this.storageFileId,
				this.storageFilename, this.fileSize, this.checksum, this.failureReason, this.createdAt, this.updatedAt,
				this.idempotencyKey);
	}

	/** The file goes to an element next: the row names it before a byte is sent. */
	Upload sending(StorageElement element, Instant now) {
		return withCopy(UploadStatus.RECEIVED, element.elementId(), element.apiUrl(), null, null, null, null, null,
				now);
	}

	/**
	 * The registry holds the file: the row completed from what it registered.
	 * @param registered the registry's record
	 * @param elementApiUrl where that element is now, if known
	 */
	Upload completedFrom(RegisteredFile registered, @Nullable String elementApiUrl, Instant now) {
		return withCopy(UploadStatus.REGISTERED, registered.storageElementId(), elementApiUrl, registered.fileId(),
				FileNames.stored(registered.fileId().toString(), this.originalFilename), registered.fileSize(),
				registered.checksumSha256(), null, now);
	}

	/**
	 * The file id its copies have: the upload's id (earlier versions let elements
	 * choose).
	 */
	UUID fileId() {
		return (this.storageFileId != null) ? this.storageFileId : this.id;
	}

	/**
	 * Whether a registration of this upload may have gone out: the row carries its copy's
	 * checksum.
	 */
	boolean mayBeRegistering() {
		return this.checksum != null && this.storageFileId != null && this.storageElementId != null;
	}

	/**
	 * The element answered with a copy: the row, still {@code RECEIVED} in the ledger,
	 * carries it (it is written with the next status).
	 */
	Upload stored(Placement placement, String storageFilename, Instant now) {
		return withCopy(this.status, placement.element().elementId(), placement.element().apiUrl(),
				placement.copy().fileId(), storageFilename, placement.copy().fileSize(), placement.copy().checksum(),
				null, now);
	}

	Upload registered(Instant now) {
		return withStatus(UploadStatus.REGISTERED, null, now);
	}

	/**
	 * The outcome is not known, and no registration went out: the copy's details are not
	 * kept.
	 */
	Upload uncertainBeforeRegistration(String reason, Instant now) {
		return withCopy(UploadStatus.UNCERTAIN, this.storageElementId, this.storageElementUrl, null, null, null, null,
				reason, now);
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

	/** The reconciler gave up: an operator settles it. */
	Upload unsettled(String reason, Instant now) {
		return withStatus(UploadStatus.UNSETTLED, reason, now);
	}

	/** The outcome of a step is not known; the reconciler settles it. */
	Upload uncertain(String reason, Instant now) {
		return withStatus(UploadStatus.UNCERTAIN, reason, now);
	}

	private Upload withStatus(UploadStatus status, @Nullable String reason, Instant now) {
		return withCopy(status, this.storageElementId, this.storageElementUrl, this.storageFileId, this.storageFilename,
				this.fileSize, this.checksum, reason, now);
	}

	/** This upload with another status, and where its copy is. */
	private Upload withCopy(UploadStatus status, @Nullable String elementId, @Nullable String elementUrl,
			@Nullable UUID fileId, @Nullable String filename, @Nullable Long size, @Nullable String copyChecksum,
			@Nullable String reason, Instant now) {
		return new Upload(this.id, status, this.uploadedBy, this.originalFilename, this.contentType, this.description,
				this.retentionPolicy, this.ttlDays, this.ttlExpiresAt, this.metadata, elementId, elementUrl, fileId,
				filename, size, copyChecksum, reason, this.createdAt, now, this.idempotencyKey);
	}

}
