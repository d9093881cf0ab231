package io.artstore.ingester.upload;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import com.fasterxml.jackson.annotation.JsonProperty;
import org.jspecify.annotations.Nullable;
import reactor.core.publisher.Mono;

import org.springframework.boot.actuate.endpoint.annotation.Endpoint;
import org.springframework.boot.actuate.endpoint.annotation.ReadOperation;
import org.springframework.boot.actuate.endpoint.annotation.Selector;
import org.springframework.boot.actuate.endpoint.annotation.WriteOperation;
import org.springframework.stereotype.Component;

/**
 * {@code GET /actuator/unsettled}, for operators (role {@code operator} or higher): what
 * the reconciler gave up on, with the element and the file id to look at. An
 * {@code UNSETTLED} upload keeps its {@code Idempotency-Key} until it is settled by hand,
 * because its outcome is not known; an {@code ORPHANED} copy is a file on an element that
 * no registration names. The counts are also the gauge
 * {@code ingester.reconciler.unsettled{kind=upload|copy}}. Once the cause is fixed,
 * {@code POST /actuator/unsettled/{uploadId}} hands an upload back to the reconciler.
 */
@Component
@Endpoint(id = "unsettled")
class UnsettledEndpoint {

	private static final int LIMIT = 500;

	private final UploadLedger ledger;

	private final StrayCopies strays;

	private final UploadSettlement settlement;

	UnsettledEndpoint(UploadLedger ledger, StrayCopies strays, UploadSettlement settlement) {
		this.ledger = ledger;
		this.strays = strays;
		this.settlement = settlement;
	}

	/**
	 * Hands an {@code UNSETTLED} upload back to the reconciler.
	 * @param uploadId the upload
	 * @return {@code retried}, or {@code not-unsettled} when no such upload waits
	 */
	@WriteOperation
	Mono<Map<String, String>> retry(@Selector UUID uploadId) {
		return this.settlement.retry(uploadId)
			.map((retried) -> Map.of("upload_id", uploadId.toString(), "outcome",
					retried ? "retried" : "not-unsettled"));
	}

	@ReadOperation
	Mono<Unsettled> unsettled() {
		Mono<List<UnsettledUpload>> uploads = this.ledger.unsettled(LIMIT)
			.map((row) -> new UnsettledUpload(row.id(), row.uploadedBy(), row.storageElementId(), row.fileId(),
					row.idempotencyKey(), row.failureReason(), row.updatedAt()))
			.collectList();
		Mono<List<OrphanedCopy>> copies = this.strays.orphaned(LIMIT)
			.map((copy) -> new OrphanedCopy(copy.id(), copy.uploadId(), copy.elementId(), copy.fileId(), copy.reason()))
			.collectList();
		return Mono.zip(uploads, copies, Unsettled::new);
	}

	/** The answer: at most 500 of each, newest first. */
	record Unsettled(List<UnsettledUpload> uploads,
			@JsonProperty("orphaned_copies") List<OrphanedCopy> orphanedCopies) {
	}

	record UnsettledUpload(@JsonProperty("upload_id") UUID uploadId, @JsonProperty("uploaded_by") String uploadedBy,
			@JsonProperty("storage_element_id") @Nullable String storageElementId, @JsonProperty("file_id") UUID fileId,
			@JsonProperty("idempotency_key") @Nullable String idempotencyKey, @Nullable String reason,
			@JsonProperty("updated_at") Instant updatedAt) {
	}

	record OrphanedCopy(UUID id, @JsonProperty("upload_id") UUID uploadId,
			@JsonProperty("storage_element_id") String storageElementId, @JsonProperty("file_id") UUID fileId,
			@Nullable String reason) {
	}

}
