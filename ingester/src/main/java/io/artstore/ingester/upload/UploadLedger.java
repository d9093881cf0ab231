package io.artstore.ingester.upload;

import java.util.UUID;

import reactor.core.publisher.Mono;

import org.springframework.data.r2dbc.core.R2dbcEntityTemplate;
import org.springframework.data.relational.core.query.Criteria;
import org.springframework.data.relational.core.query.Query;
import org.springframework.stereotype.Component;

/**
 * The {@code uploads} table: one row per upload, following it from received to
 * registered.
 */
@Component
class UploadLedger {

	private final R2dbcEntityTemplate template;

	UploadLedger(R2dbcEntityTemplate template) {
		this.template = template;
	}

	Mono<Upload> insert(Upload upload) {
		return this.template.insert(upload);
	}

	Mono<Upload> update(Upload upload) {
		return this.template.update(upload);
	}

	/** Removes every trace of an upload that failed on the caller's bad input. */
	Mono<Void> forget(Upload upload) {
		return this.template.delete(upload).then();
	}

	/** The registered upload of a stored file, if this uploader made it. */
	Mono<Upload> findRegistered(UUID storageFileId, String uploadedBy) {
		return this.template
			.select(Query.query(Criteria.where("storage_file_id").is(storageFileId).and("uploaded_by").is(uploadedBy)),
					Upload.class)
			.filter((upload) -> upload.status() == UploadStatus.REGISTERED)
			.reduce((a, b) -> a.updatedAt().isAfter(b.updatedAt()) ? a : b);
	}

}
