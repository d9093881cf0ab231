package io.artstore.ingester.upload;

import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicReference;

import org.assertj.core.api.InstanceOfAssertFactories;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.data.redis.core.ReactiveStringRedisTemplate;
import org.springframework.data.relational.core.query.Criteria;
import org.springframework.data.relational.core.query.Query;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.http.client.MultipartBodyBuilder;
import org.springframework.test.web.reactive.server.WebTestClient;
import org.springframework.web.reactive.function.BodyInserters;

import io.artstore.ingester.admin.HeldTokens;
import io.artstore.ingester.admin.ServiceTokenProvider;
import io.artstore.ingester.support.IngesterIntegrationTests;
import io.artstore.ingester.support.TestServices;
import io.artstore.ingester.support.TestTokens;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The upload flow end to end, against the Admin and Storage stubs. The stub world: edit
 * elements se-edit-01 and se-edit-02 take files and se-edit-03 is full; rw element
 * se-rw-full-01 answers 507 and se-rw-02 takes files; a file named "huge..." fits
 * nowhere; the registry refuses a file named "already-registered..."; the storage stub
 * reports the checksum of {@link #SAMPLE_CONTENT}.
 */
@ExtendWith(OutputCaptureExtension.class)
class UploadFlowTests extends IngesterIntegrationTests {

	private final String uploader = "user-" + UUID.randomUUID();

	private final String token = TestTokens.trusted().token(this.uploader, "user");

	@Autowired
	private ReactiveStringRedisTemplate redis;

	@Autowired
	private ServiceTokenProvider tokens;

	@Test
	void temporaryUploadIsStoredOnTheFirstEditElementAndRegistered(CapturedOutput output) {
		Instant before = Instant.now();
		AtomicReference<String> fileId = new AtomicReference<>();

		upload("report.pdf", SAMPLE_CONTENT, "description", "quarterly report").expectStatus()
			.isCreated()
			// the body was read to its end: the connection is kept
			.expectHeader()
			.value(HttpHeaders.CONNECTION, (connection) -> assertThat(connection).isNotEqualToIgnoringCase("close"))
			.expectBody()
			.jsonPath("$.file_id")
			.value(String.class, fileId::set)
			.jsonPath("$.original_filename")
			.isEqualTo("report.pdf")
			.jsonPath("$.storage_filename")
			.value(String.class, (name) -> assertThat(name).isEqualTo(fileId.get() + ".pdf"))
			.jsonPath("$.file_size")
			.isEqualTo(SAMPLE_CONTENT.length())
			.jsonPath("$.checksum")
			.isEqualTo(SAMPLE_CHECKSUM)
			.jsonPath("$.storage_element_id")
			.isEqualTo("se-edit-01")
			.jsonPath("$.storage_element_url")
			.isEqualTo("http://storage.stub/se-edit-01")
			.jsonPath("$.retention_policy")
			.isEqualTo("temporary")
			.jsonPath("$.uploaded_at")
			.exists()
			.jsonPath("$.ttl_expires_at")
			.value(String.class, (expiry) -> assertThat(Instant.parse(expiry))
				.isBetween(before.plus(Duration.ofDays(30)), Instant.now().plus(Duration.ofDays(30))));

		assertThat(this.storage.requests()).containsExactly("POST /se-edit-01/api/v1/files/upload");
		assertThat(this.admin.requests()).contains("POST /api/v1/files");
		Upload row = onlyRow();
		assertThat(row.status()).isEqualTo(UploadStatus.REGISTERED);
		assertThat(fileId.get()).as("the file id the ingester chose, stored under on the element")
			.isEqualTo(row.id().toString())
			.isEqualTo(String.valueOf(row.storageFileId()));
		assertThat(this.storage.bodies()).singleElement(InstanceOfAssertFactories.STRING)
			.contains("name=\"file_id\"\r\nContent-Type: text/plain;charset=UTF-8\r\nContent-Length: 36\r\n\r\n"
					+ row.id() + "\r\n");
		assertThat(row.description()).isEqualTo("quarterly report");
		assertThat(row.ttlDays()).isEqualTo(30);
		assertThat(output.getAll().lines().filter((line) -> line.contains("upload id=" + row.id())))
			.singleElement(InstanceOfAssertFactories.STRING)
			.contains("INFO", "outcome=registered")
			.doesNotContain("WARN");
	}

	@Test
	void registeredUploadCanBeReadByItsUploaderOnly() {
		upload("notes.txt", SAMPLE_CONTENT).expectStatus().isCreated();
		UUID fileId = onlyRow().id();

		this.client.get()
			.uri("/api/v1/files/{id}", fileId)
			.headers((headers) -> headers.setBearerAuth(this.token))
			.exchange()
			.expectStatus()
			.isOk()
			.expectBody()
			.jsonPath("$.original_filename")
			.isEqualTo("notes.txt")
			.jsonPath("$.storage_element_id")
			.isEqualTo("se-edit-01");
		this.client.get()
			.uri("/api/v1/files/{id}", fileId)
			.headers((headers) -> headers.setBearerAuth(TestTokens.trusted().token("someone-else", "user")))
			.exchange()
			.expectStatus()
			.isNotFound()
			.expectHeader()
			.contentType(MediaType.APPLICATION_PROBLEM_JSON);
	}

	@Test
	void permanentUploadMovesOnToTheNextRwElementAfterA507() {
		upload("contract.pdf", SAMPLE_CONTENT, "retention_policy", "permanent").expectStatus()
			.isCreated()
			.expectBody()
			.jsonPath("$.storage_element_id")
			.isEqualTo("se-rw-02")
			.jsonPath("$.retention_policy")
			.isEqualTo("permanent")
			.jsonPath("$.ttl_expires_at")
			.doesNotExist();

		assertThat(this.storage.requests()).containsExactly("POST /se-rw-full-01/api/v1/files/upload",
				"POST /se-rw-02/api/v1/files/upload");
		assertThat(onlyRow().status()).isEqualTo(UploadStatus.REGISTERED);
	}

	@Test
	void uploadThatNoElementHasRoomForIsRefusedWith503AndRetryAfter() {
		upload("huge-scan.tiff", SAMPLE_CONTENT).expectStatus()
			.isEqualTo(503)
			.expectHeader()
			.valueEquals("Retry-After", "30")
			.expectHeader()
			.contentType(MediaType.APPLICATION_PROBLEM_JSON)
			.expectBody()
			.jsonPath("$.type")
			.isEqualTo("https://artstore.io/problems/no-storage-available");

		assertThat(this.storage.requests()).as("se-edit-03 is full and never tried")
			.containsExactly("POST /se-edit-01/api/v1/files/upload", "POST /se-edit-02/api/v1/files/upload");
		assertThat(this.admin.requests()).doesNotContain("POST /api/v1/files");
		assertThat(onlyRow().status()).isEqualTo(UploadStatus.FAILED);
	}

	@Test
	void failedRegistrationDeletesTheStoredCopyAndAnswers502(CapturedOutput output) {
		upload("already-registered.pdf", SAMPLE_CONTENT).expectStatus()
			.isEqualTo(502)
			.expectHeader()
			.contentType(MediaType.APPLICATION_PROBLEM_JSON)
			.expectBody()
			.jsonPath("$.type")
			.isEqualTo("https://artstore.io/problems/registration-failed");

		Upload row = onlyRow();
		assertThat(this.storage.requests()).containsExactly("POST /se-edit-01/api/v1/files/upload",
				"DELETE /se-edit-01/api/v1/gc/" + row.id());
		assertThat(row.status()).isEqualTo(UploadStatus.COMPENSATED);
		assertThat(row.failureReason()).contains("already exists");
		assertThat(output.getAll().lines().filter((line) -> line.contains("upload id=" + row.id())))
			.as("a failure behind the ingester is a warning, with its reason")
			.singleElement(InstanceOfAssertFactories.STRING)
			.contains("WARN", "outcome=refused-502", "already exists");
	}

	@Test
	void registrationThatTheAdminModuleFailsWith500HasAnUnknownOutcomeAndTheCopyIsKept() {
		// The Admin fault contract shouldFailRegistrationWithServerError: "admin-failure"
		upload("admin-failure.pdf", SAMPLE_CONTENT).expectStatus()
			.isEqualTo(504)
			.expectHeader()
			.contentType(MediaType.APPLICATION_PROBLEM_JSON)
			.expectBody(String.class)
			.value((body) -> assertThat(body).contains("https://artstore.io/problems/upload-outcome-unknown")
				.doesNotContain("Internal Server Error")
				.doesNotContain("127.0.0.1"));

		assertThat(this.storage.requests()).as("the copy may be registered: it is kept for the reconciler")
			.containsExactly("POST /se-edit-01/api/v1/files/upload");
		assertThat(onlyRow().status()).isEqualTo(UploadStatus.UNCERTAIN);
	}

	@Test
	void storedCopyWithAnotherChecksumIsDeletedAndAnswers502() {
		upload("report.pdf", "not the sample content").expectStatus()
			.isEqualTo(502)
			.expectBody()
			.jsonPath("$.type")
			.isEqualTo("https://artstore.io/problems/checksum-mismatch")
			.jsonPath("$.detail")
			.value(String.class, (detail) -> assertThat(detail).doesNotContain(SAMPLE_CHECKSUM, "se-edit-01"))
			.jsonPath("$.error_id")
			.isNotEmpty();

		assertThat(this.storage.requests()).containsExactly("POST /se-edit-01/api/v1/files/upload",
				"DELETE /se-edit-01/api/v1/gc/" + onlyRow().id());
		assertThat(this.admin.requests()).doesNotContain("POST /api/v1/files");
		assertThat(onlyRow().status()).isEqualTo(UploadStatus.COMPENSATED);
	}

	@Test
	void serviceTokenRejectedByTheStorageElementIsRefreshedOnceAndTheUploadRetried() {
		String key = TestServices.get().redisKeyPrefix() + "service-token:artstore-ingester";
		this.redis.opsForValue().set(key, "expired-service-token", Duration.ofMinutes(5)).block(Duration.ofSeconds(5));
		HeldTokens.forget(this.tokens);

		upload("report.pdf", SAMPLE_CONTENT).expectStatus().isCreated();

		assertThat(this.storage.requests()).containsExactly("POST /se-edit-01/api/v1/files/upload",
				"POST /se-edit-01/api/v1/files/upload");
		assertThat(this.admin.requests()).contains("POST /api/v1/auth/token");
		assertThat(this.redis.opsForValue().get(key).block(Duration.ofSeconds(5))).startsWith("eyJ");
	}

	@Test
	void uploadedAtAndTtlAreRecordedInTheLedger() {
		upload("a.txt", SAMPLE_CONTENT, "ttl_days", "7").expectStatus().isCreated();

		Upload row = onlyRow();
		assertThat(row.ttlDays()).isEqualTo(7);
		assertThat(row.ttlExpiresAt()).isCloseTo(Instant.now().plus(Duration.ofDays(7)),
				org.assertj.core.api.Assertions.within(1, ChronoUnit.MINUTES));
		assertThat(row.storageFileId()).isEqualTo(row.id());
		assertThat(row.checksum()).isEqualTo(SAMPLE_CHECKSUM);
	}

	@Test
	void fieldsAfterTheFileCompleteTheFormAsCurlAndHtmlFormsSendIt() {
		MultipartBodyBuilder form = new MultipartBodyBuilder();
		form.part("file", SAMPLE_CONTENT.getBytes()).filename("q3.txt").contentType(MediaType.TEXT_PLAIN);
		form.part("description", "Q3");
		form.part("ttl_days", "7");
		form.part("metadata", "{\"quarter\": 3}");
		send(form).expectStatus()
			.isCreated()
			.expectBody()
			.jsonPath("$.retention_policy")
			.isEqualTo("temporary")
			.jsonPath("$.finalize_transaction_id")
			.doesNotExist();

		Upload row = onlyRow();
		assertThat(row.description()).isEqualTo("Q3");
		assertThat(row.ttlDays()).isEqualTo(7);
		assertThat(row.ttlExpiresAt()).isCloseTo(Instant.now().plus(Duration.ofDays(7)),
				org.assertj.core.api.Assertions.within(1, ChronoUnit.MINUTES));
		assertThat(row.metadata()).isEqualTo("{\"quarter\":3}");
		// the element reads the whole form: the description follows the file, once
		assertThat(this.storage.bodies()).singleElement(InstanceOfAssertFactories.STRING)
			.containsSubsequence(SAMPLE_CONTENT, "name=\"description\"", "Q3", "--\r\n")
			.satisfies((body) -> assertThat(body.split("name=\"description\"", -1)).as("description parts").hasSize(2));
		assertThat(this.admin.bodies()).anySatisfy((body) -> assertThat(body).contains("\"description\":\"Q3\"",
				"\"ttl_days\":7", "\"user_metadata\":{\"quarter\":3}"));
	}

	@Test
	void aPermanentPolicyAfterTheFileRegistersItTemporaryAndFinalizesItAtOnce() {
		MultipartBodyBuilder form = new MultipartBodyBuilder();
		form.part("file", SAMPLE_CONTENT.getBytes()).filename("q3.txt").contentType(MediaType.TEXT_PLAIN);
		form.part("retention_policy", "permanent");
		AtomicReference<String> transaction = new AtomicReference<>();
		send(form).expectStatus()
			.isCreated()
			.expectBody()
			.jsonPath("$.storage_element_id")
			.isEqualTo("se-edit-01")
			.jsonPath("$.retention_policy")
			.isEqualTo("temporary")
			.jsonPath("$.finalize_transaction_id")
			.value(String.class, transaction::set);

		assertThat(this.admin.bodies())
			.anySatisfy((body) -> assertThat(body).contains("\"retention_policy\":\"temporary\"", "\"ttl_days\":30"));
		// the finalization runs on after the answer, and it ends recorded
		await().atMost(Duration.ofSeconds(20))
			.pollInterval(Duration.ofMillis(100))
			.untilAsserted(() -> this.client.get()
				.uri("/api/v1/finalize/{id}/status", UUID.fromString(transaction.get()))
				.headers((headers) -> headers.setBearerAuth(this.token))
				.exchange()
				.expectStatus()
				.isOk()
				.expectBody()
				.jsonPath("$.status")
				.isEqualTo("completed"));
		assertThat(this.admin.requests()).contains("PUT /api/v1/files/" + onlyRow().id());
	}

	private WebTestClient.ResponseSpec upload(String filename, String content, String... fields) {
		MultipartBodyBuilder form = new MultipartBodyBuilder();
		for (int i = 0; i < fields.length; i += 2) {
			form.part(fields[i], fields[i + 1]);
		}
		form.part("file", content.getBytes()).filename(filename).contentType(MediaType.APPLICATION_OCTET_STREAM);
		return send(form);
	}

	private WebTestClient.ResponseSpec send(MultipartBodyBuilder form) {
		return this.client.post()
			.uri("/api/v1/files/upload")
			.headers((headers) -> headers.setBearerAuth(this.token))
			.body(BodyInserters.fromMultipartData(form.build()))
			.exchange();
	}

	private Upload onlyRow() {
		List<Upload> rows = this.database
			.select(Query.query(Criteria.where("uploaded_by").is(this.uploader)), Upload.class)
			.collectList()
			.block(Duration.ofSeconds(5));
		assertThat(rows).hasSize(1);
		return rows.get(0);
	}

}
