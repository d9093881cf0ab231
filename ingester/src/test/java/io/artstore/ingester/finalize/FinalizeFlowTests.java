package io.artstore.ingester.finalize;

import java.time.Duration;

import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;

import io.artstore.ingester.support.IngesterIntegrationTests;
import io.artstore.ingester.support.TestTokens;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Finalization against the stubs of the contracts: every call it makes is one the real
 * services pass (download, the rw upload with {@code file_id} and
 * {@code finalize_transaction_id}, metadata, gc, the registry's GET and PUT), and what it
 * answers its callers.
 */
class FinalizeFlowTests extends IngesterIntegrationTests {

	/** The stub registry's temporary file whose bytes are the storage stub's sample. */
	private static final String SAMPLE_FILE = "f1a1f1a1-0000-4000-8000-00000000f1a1";

	/** Registered with a checksum that is not the storage stub's sample. */
	private static final String OTHER_FILE = "5b7e2a90-1c3d-4e5f-8a9b-0c1d2e3f4a5b";

	private static final JsonMapper json = JsonMapper.builder().build();

	private final String uploader = TestTokens.trusted().token("stub-uploader", "user");

	@Test
	void aTemporaryFileIsCopiedCheckedAndRecordedAsPermanent() {
		JsonNode started = post(SAMPLE_FILE, this.uploader, HttpStatus.ACCEPTED);
		assertThat(started.get("status").asString()).isEqualTo("copying");
		assertThat(started.get("source_storage_element_id").asString()).isEqualTo("se-edit-01");

		JsonNode completed = awaitEnded(started.get("transaction_id").asString(), this.uploader);
		assertThat(completed.get("status").asString()).isEqualTo("completed");
		assertThat(completed.get("progress_percent").asInt()).isEqualTo(100);
		assertThat(completed.get("checksum_verified").asBoolean()).isTrue();
		// the stub lists a full rw element first: its 507 moves the copy on to the next
		assertThat(completed.get("target_storage_element_id").asString()).isEqualTo("se-rw-02");
		assertThat(completed.get("new_storage_path").asString()).isEqualTo("/api/v1/files/" + SAMPLE_FILE);
		assertThat(completed.get("cleanup_scheduled_at").isNull()).isFalse();
		assertThat(this.storage.requests()).containsSubsequence(
				"GET /se-edit-01/api/v1/files/" + SAMPLE_FILE + "/download", "POST /se-rw-full-01/api/v1/files/upload",
				"GET /se-edit-01/api/v1/files/" + SAMPLE_FILE + "/download", "POST /se-rw-02/api/v1/files/upload",
				"GET /se-rw-02/api/v1/files/" + SAMPLE_FILE);
		assertThat(this.storage.bodies())
			.anySatisfy((body) -> assertThat(body).contains("name=\"finalize_transaction_id\"",
					started.get("transaction_id").asString(), "name=\"retention_policy\"", "permanent",
					"name=\"file_id\"", SAMPLE_FILE));
		assertThat(this.admin.requests()).contains("PUT /api/v1/files/" + SAMPLE_FILE);
		// a 507 stored nothing: nothing to remove there
		assertThat(this.storage.requests()).noneMatch((request) -> request.startsWith("DELETE"));

		// the same file again: the finalization that ran, not a second one
		JsonNode again = post(SAMPLE_FILE, this.uploader, HttpStatus.OK);
		assertThat(again.get("transaction_id").asString()).isEqualTo(started.get("transaction_id").asString());
	}

	@Test
	void aCopyThatIsNotTheRegisteredFileIsRemovedAndTheRegistryNotTold() {
		JsonNode started = post(OTHER_FILE, this.uploader, HttpStatus.ACCEPTED);
		JsonNode ended = awaitEnded(started.get("transaction_id").asString(), this.uploader);
		assertThat(ended.get("status").asString()).isEqualTo("rolled_back");
		assertThat(ended.get("error_type").asString()).isEqualTo("https://artstore.io/problems/checksum-mismatch");
		assertThat(ended.get("checksum_verified").asBoolean()).isFalse();
		assertThat(ended.toString()).doesNotContain("127.0.0.1", "storage.stub");
		assertThat(this.storage.requests()).contains("DELETE /se-rw-02/api/v1/gc/" + OTHER_FILE);
		assertThat(this.admin.requests()).noneMatch((request) -> request.startsWith("PUT"));
	}

	@Test
	void onlyItsUploaderOrAnAdminMayFinalizeAFileAndSeeTheFinalization() {
		String stranger = TestTokens.trusted().token("someone-else", "user");
		assertProblem(
				this.client.post().uri("/api/v1/finalize/{id}", SAMPLE_FILE).headers((h) -> h.setBearerAuth(stranger)),
				HttpStatus.NOT_FOUND, "file-not-found");
		String readonly = TestTokens.trusted().token("stub-uploader", "readonly");
		assertProblem(
				this.client.post().uri("/api/v1/finalize/{id}", SAMPLE_FILE).headers((h) -> h.setBearerAuth(readonly)),
				HttpStatus.FORBIDDEN, "forbidden");
		String admin = TestTokens.trusted().token("an-admin", "admin");
		JsonNode byAdmin = post(OTHER_FILE, admin, null);
		String transaction = byAdmin.get("transaction_id").asString();
		awaitEnded(transaction, admin);
		assertProblem(this.client.get()
			.uri("/api/v1/finalize/{id}/status", transaction)
			.headers((h) -> h.setBearerAuth(stranger)), HttpStatus.NOT_FOUND, "finalization-not-found");
		assertProblem(this.client.post()
			.uri("/api/v1/finalize/{id}", "00000000-0000-0000-0000-000000000000")
			.headers((h) -> h.setBearerAuth(admin)), HttpStatus.NOT_FOUND, "file-not-found");
	}

	private JsonNode post(String fileId, String token, @org.jspecify.annotations.Nullable HttpStatus expected) {
		var exchange = this.client.post()
			.uri("/api/v1/finalize/{id}", fileId)
			.headers((headers) -> headers.setBearerAuth(token))
			.exchange();
		if (expected != null) {
			exchange.expectStatus().isEqualTo(expected);
		}
		byte[] body = exchange.expectHeader()
			.valueMatches(HttpHeaders.LOCATION, "/api/v1/finalize/[0-9a-f-]{36}/status")
			.expectHeader()
			.contentTypeCompatibleWith(MediaType.APPLICATION_JSON)
			.expectBody()
			.returnResult()
			.getResponseBody();
		return json.readTree(body);
	}

	private JsonNode awaitEnded(String transactionId, String token) {
		JsonNode[] last = new JsonNode[1];
		await().atMost(Duration.ofSeconds(20)).pollInterval(Duration.ofMillis(100)).until(() -> {
			byte[] body = this.client.get()
				.uri("/api/v1/finalize/{id}/status", transactionId)
				.headers((headers) -> headers.setBearerAuth(token))
				.exchange()
				.expectStatus()
				.isOk()
				.expectBody()
				.returnResult()
				.getResponseBody();
			last[0] = json.readTree(body);
			String status = last[0].get("status").asString();
			return status.equals("completed") || status.equals("rolled_back")
					|| (status.equals("failed") && last[0].get("target_storage_element_id").isNull());
		});
		return last[0];
	}

	private static void assertProblem(
			org.springframework.test.web.reactive.server.WebTestClient.RequestHeadersSpec<?> request, HttpStatus status,
			String type) {
		request.exchange()
			.expectStatus()
			.isEqualTo(status)
			.expectHeader()
			.contentTypeCompatibleWith(MediaType.APPLICATION_PROBLEM_JSON)
			.expectBody()
			.jsonPath("$.type")
			.isEqualTo("https://artstore.io/problems/" + type);
	}

}
