package io.artstore.ingester.upload;

import java.time.Duration;
import java.time.Instant;
import java.util.UUID;

import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.r2dbc.core.DatabaseClient;

import io.artstore.ingester.support.IngesterIntegrationTests;
import io.artstore.ingester.support.TestTokens;

import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.contains;

/**
 * What the reconciler gave up on is shown to operators, with the element and the file id
 * to look at, and to no one else.
 */
class UnsettledEndpointTests extends IngesterIntegrationTests {

	@Autowired
	DatabaseClient sql;

	@Test
	void operatorsSeeUnsettledUploadsAndOrphanedCopiesWithTheirElementAndFileId() {
		UUID upload = UUID.randomUUID();
		UUID orphanUpload = UUID.randomUUID();
		this.sql
			.sql("INSERT INTO uploads (id, status, uploaded_by, original_filename, retention_policy, created_at,"
					+ " updated_at, storage_element_id, idempotency_key, failure_reason)"
					+ " VALUES (:id, 'UNSETTLED', 'someone', 'lost.bin', 'temporary', :at, :at, 'se-edit-07', :key,"
					+ " 'not settled after 10 attempts')")
			.bind("id", upload)
			.bind("at", Instant.now())
			.bind("key", "key-" + upload)
			.then()
			.block(Duration.ofSeconds(5));
		this.sql
			.sql("INSERT INTO stray_copies (id, upload_id, storage_element_id, storage_element_url, status, reason,"
					+ " created_at, updated_at) VALUES (:id, :upload, 'se-rw-09', 'http://se-rw-09', 'ORPHANED',"
					+ " 'the element refused to remove it', now(), now())")
			.bind("id", UUID.randomUUID())
			.bind("upload", orphanUpload)
			.then()
			.block(Duration.ofSeconds(5));

		this.client.get()
			.uri("/actuator/unsettled")
			.headers((headers) -> headers.setBearerAuth(TestTokens.trusted().token("ops", "operator")))
			.exchange()
			.expectStatus()
			.isOk()
			.expectBody()
			.jsonPath("$.uploads[?(@.upload_id == '" + upload + "')].storage_element_id")
			.value(contains("se-edit-07"))
			.jsonPath("$.uploads[?(@.upload_id == '" + upload + "')].file_id")
			.value(contains(upload.toString()))
			.jsonPath("$.uploads[?(@.upload_id == '" + upload + "')].idempotency_key")
			.value(contains("key-" + upload))
			.jsonPath("$.orphaned_copies[?(@.upload_id == '" + orphanUpload + "')].storage_element_id")
			.value(contains("se-rw-09"))
			.jsonPath("$.orphaned_copies[?(@.upload_id == '" + orphanUpload + "')].file_id")
			.value(contains(orphanUpload.toString()));
	}

	@Test
	void anOperatorHandsAnUnsettledUploadBackToTheReconciler() {
		UUID upload = UUID.randomUUID();
		this.sql
			.sql("INSERT INTO uploads (id, status, uploaded_by, original_filename, retention_policy, created_at,"
					+ " updated_at, reconcile_attempts) VALUES (:id, 'UNSETTLED', 'someone', 'lost.bin', 'temporary',"
					+ " now(), now(), 10)")
			.bind("id", upload)
			.then()
			.block(Duration.ofSeconds(5));
		String operator = TestTokens.trusted().token("ops", "operator");

		this.client.post()
			.uri("/actuator/unsettled/" + upload)
			.headers((headers) -> headers.setBearerAuth(operator))
			.exchange()
			.expectStatus()
			.isOk()
			.expectBody()
			.jsonPath("$.outcome")
			.isEqualTo("retried");
		this.client.post()
			.uri("/actuator/unsettled/" + upload)
			.headers((headers) -> headers.setBearerAuth(operator))
			.exchange()
			.expectBody()
			.jsonPath("$.outcome")
			.isEqualTo("not-unsettled");
		this.client.post()
			.uri("/actuator/unsettled/" + upload)
			.headers((headers) -> headers.setBearerAuth(TestTokens.trusted().token("someone", "user")))
			.exchange()
			.expectStatus()
			.isForbidden();

		assertThat(this.sql.sql("SELECT status || ' ' || reconcile_attempts FROM uploads WHERE id = :id")
			.bind("id", upload)
			.map((row, meta) -> row.get(0, String.class))
			.one()
			.block(Duration.ofSeconds(5))).isEqualTo("UNCERTAIN 0");
	}

	@Test
	void uploadersAndAnonymousCallersDoNot() {
		this.client.get()
			.uri("/actuator/unsettled")
			.headers((headers) -> headers.setBearerAuth(TestTokens.trusted().token("someone", "user")))
			.exchange()
			.expectStatus()
			.isForbidden();
		this.client.get().uri("/actuator/unsettled").exchange().expectStatus().isUnauthorized();
	}

}
