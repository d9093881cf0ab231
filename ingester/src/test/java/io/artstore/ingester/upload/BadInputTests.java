package io.artstore.ingester.upload;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.UUID;

import org.junit.jupiter.api.AfterEach;
import org.assertj.core.api.InstanceOfAssertFactories;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import reactor.core.publisher.Flux;

import org.springframework.core.io.buffer.DataBuffer;
import org.springframework.core.io.buffer.DefaultDataBufferFactory;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.http.client.MultipartBodyBuilder;
import org.springframework.test.web.reactive.server.WebTestClient;
import org.springframework.web.reactive.function.BodyInserters;

import io.artstore.ingester.support.IngesterIntegrationTests;
import io.artstore.ingester.support.LeavesNoTrace;
import io.artstore.ingester.support.TestTokens;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Every kind of bad upload gets a 4xx problem and leaves nothing behind: no row in the
 * ledger and no file on a storage element. The tests run with a 2 MB file limit.
 */
class BadInputTests extends IngesterIntegrationTests {

	private static final int LIMIT = 2 * 1024 * 1024;

	private final String uploader = "user-" + UUID.randomUUID();

	private final String token = TestTokens.trusted().token(this.uploader, "user");

	@AfterEach
	void leftNothingBehind() {
		LeavesNoTrace.assertNothingLeft(this.database, this.uploader, this.admin, this.storage);
	}

	@Test
	void formWithoutAFilePartIsRefused() {
		MultipartBodyBuilder form = new MultipartBodyBuilder();
		form.part("description", "where is the file?");
		assertProblem(send(form), 400, "missing-file");
		assertThat(this.storage.requests()).isEmpty();
	}

	@Test
	void formFieldLargerThanTheFieldBufferIsRefused() {
		WebTestClient.ResponseSpec response = upload("a.txt", SAMPLE_CONTENT, "metadata",
				"{\"notes\": \"" + "x".repeat(300 * 1024) + "\"}");
		assertProblem(response, 413, "form-field-too-large");
		assertThat(this.storage.requests()).isEmpty();
	}

	@Test
	void emptyFileIsRefused() {
		assertProblem(upload("empty.txt", ""), 400, "empty-file");
		assertThat(this.storage.requests()).isEmpty();
	}

	@Test
	void descriptionOfMoreThan1000CharactersIsRefused() {
		assertProblem(upload("a.txt", SAMPLE_CONTENT, "description", "x".repeat(1001)), 400, "description-too-long");
		assertThat(this.storage.requests()).isEmpty();
	}

	@ParameterizedTest
	@ValueSource(strings = { "0", "366", "-1", "thirty", "1.5", "", "\u0663\u0660" })
	void ttlDaysOutOfRangeIsRefused(String ttlDays) {
		assertProblem(upload("a.txt", SAMPLE_CONTENT, "ttl_days", ttlDays), 400, "invalid-ttl-days");
		assertThat(this.storage.requests()).isEmpty();
	}

	@Test
	void ttlDaysWithAPermanentFileIsRefused() {
		assertProblem(upload("a.txt", SAMPLE_CONTENT, "retention_policy", "permanent", "ttl_days", "10"), 400,
				"invalid-ttl-days");
		assertThat(this.storage.requests()).isEmpty();
	}

	@Test
	void aFieldGivenBeforeAndAfterTheFileIsRefused() {
		String boundary = "twice-" + UUID.randomUUID();
		String body = "--" + boundary + "\r\nContent-Disposition: form-data; name=\"description\"\r\n\r\nfirst\r\n"
				+ "--" + boundary + "\r\nContent-Disposition: form-data; name=\"file\"; filename=\"a.txt\"\r\n\r\n"
				+ SAMPLE_CONTENT + "\r\n--" + boundary
				+ "\r\nContent-Disposition: form-data; name=\"description\"\r\n\r\nsecond\r\n--" + boundary + "--\r\n";
		assertProblem(this.client.post()
			.uri("/api/v1/files/upload")
			.headers((headers) -> headers.setBearerAuth(this.token))
			.contentType(MediaType.parseMediaType("multipart/form-data; boundary=" + boundary))
			.bodyValue(body)
			.exchange(), 400, "malformed-form");
		assertThat(this.storage.requests()).as("a file that fits one frame waits for the form's end").isEmpty();
	}

	@Test
	void aFieldGivenTwiceBeforeTheFileIsRefused() {
		MultipartBodyBuilder form = new MultipartBodyBuilder();
		form.part("description", "first");
		form.part("description", "second");
		form.part("file", SAMPLE_CONTENT.getBytes()).filename("a.txt");
		assertProblem(send(form), 400, "malformed-form");
		assertThat(this.storage.requests()).isEmpty();
	}

	@Test
	void aPermanentPolicyAfterTheFileWithTtlDaysIsRefused() {
		MultipartBodyBuilder form = new MultipartBodyBuilder();
		form.part("file", SAMPLE_CONTENT.getBytes()).filename("a.txt");
		form.part("retention_policy", "permanent");
		form.part("ttl_days", "10");
		assertProblem(send(form), 400, "invalid-ttl-days");
		assertThat(this.storage.requests()).isEmpty();
	}

	@Test
	void metadataAfterTheFileThatIsNotAJsonObjectIsRefused() {
		MultipartBodyBuilder form = new MultipartBodyBuilder();
		form.part("file", SAMPLE_CONTENT.getBytes()).filename("a.txt");
		form.part("metadata", "[1, 2]");
		assertProblem(send(form), 400, "invalid-metadata");
		assertThat(this.storage.requests()).isEmpty();
	}

	@ParameterizedTest
	@ValueSource(strings = { "forever", "TEMPORARY", "" })
	void unknownRetentionPolicyIsRefused(String policy) {
		assertProblem(upload("a.txt", SAMPLE_CONTENT, "retention_policy", policy), 400, "invalid-retention-policy");
		assertThat(this.storage.requests()).isEmpty();
	}

	@ParameterizedTest
	@ValueSource(strings = { "{not json", "[1, 2]", "\"text\"", "42", "null" })
	void metadataThatIsNotAJsonObjectIsRefused(String metadata) {
		assertProblem(upload("a.txt", SAMPLE_CONTENT, "metadata", metadata), 400, "invalid-metadata");
		assertThat(this.storage.requests()).isEmpty();
	}

	@Test
	void bodyThatIsNotMultipartIsRefusedWith415() {
		this.client.post()
			.uri("/api/v1/files/upload")
			.headers((headers) -> headers.setBearerAuth(this.token))
			.contentType(MediaType.APPLICATION_JSON)
			.bodyValue("{\"file\": \"data\"}")
			.exchange()
			.expectStatus()
			.isEqualTo(415)
			.expectHeader()
			.contentType(MediaType.APPLICATION_PROBLEM_JSON);
		assertThat(this.storage.requests()).isEmpty();
	}

	@Test
	void bodyCutOffBeforeItsClosingBoundaryIsRefused() {
		byte[] whole = multipartBody("cut.bin", new byte[200 * 1024]);
		assertProblem(sendRaw(Arrays.copyOf(whole, whole.length - 30)), 400, "malformed-multipart");
		assertThat(this.storage.requests()).isEmpty();
	}

	@Test
	void partWithoutANameIsRefused() {
		byte[] body = ("--" + BOUNDARY + "\r\nContent-Type: text/plain\r\n\r\nhello\r\n--" + BOUNDARY + "--\r\n")
			.getBytes(StandardCharsets.US_ASCII);
		assertProblem(sendRaw(body), 400, "malformed-multipart");
		assertThat(this.storage.requests()).isEmpty();
	}

	@Test
	void fileContentTypeWithAControlCharacterIsRefused() {
		// a lone CR in a quoted parameter: one header line to the parser, but it would
		// reach the part headers the element is sent
		byte[] body = ("--" + BOUNDARY + "\r\nContent-Disposition: form-data; name=\"file\"; filename=\"cr.bin\""
				+ "\r\nContent-Type: text/plain; x=\"a\rInjected: yes\"\r\n\r\nhello\r\n--" + BOUNDARY + "--\r\n")
			.getBytes(StandardCharsets.US_ASCII);
		assertProblem(sendRaw(body), 400, "invalid-content-type");
		assertThat(this.storage.requests()).isEmpty();
	}

	@Test
	void requestDeclaringMoreThanTheLimitIsRefusedBeforeItIsRead() {
		byte[] body = multipartBody("big.bin", new byte[LIMIT + 128 * 1024]);
		WebTestClient.ResponseSpec response = this.client.post()
			.uri("/api/v1/files/upload")
			.headers((headers) -> headers.setBearerAuth(this.token))
			.contentType(MediaType.parseMediaType("multipart/form-data; boundary=" + BOUNDARY))
			.bodyValue(body)
			.exchange();
		// the body is not read: the connection closes after the answer, which a client
		// that is still sending its body receives all the same
		response.expectHeader().valueEquals(HttpHeaders.CONNECTION, "close");
		assertProblem(response, 413, "file-too-large");
		assertThat(this.storage.requests()).isEmpty();
	}

	@Test
	void chunkedFileThatGrowsPastTheLimitIsRefusedWhileStreaming() {
		Flux<DataBuffer> content = Flux.range(0, 40)
			.map((i) -> DefaultDataBufferFactory.sharedInstance.wrap(new byte[64 * 1024]));
		MultipartBodyBuilder form = new MultipartBodyBuilder();
		form.asyncPart("file", content, DataBuffer.class).filename("growing.bin");
		assertProblem(send(form), 413, "file-too-large");
	}

	@Test
	void secondFilePartIsRefusedBeforeASmallFileIsSent() {
		MultipartBodyBuilder form = new MultipartBodyBuilder();
		form.part("file", SAMPLE_CONTENT.getBytes()).filename("a.txt");
		form.part("file", SAMPLE_CONTENT.getBytes()).filename("b.txt");
		assertProblem(send(form), 400, "malformed-form");
		assertThat(this.storage.requests()).as("a file that fits one frame waits for the form's end").isEmpty();
	}

	@Test
	void secondFilePartAfterALargeFileAbortsItsRequestToTheElement() {
		MultipartBodyBuilder form = new MultipartBodyBuilder();
		form.part("file", new byte[300 * 1024]).filename("a.bin");
		form.part("file", SAMPLE_CONTENT.getBytes()).filename("b.txt");
		assertProblem(send(form), 400, "malformed-form");
		// the request went out chunked and never ended: the element stored nothing
		assertThat(this.storage.requests()).noneMatch((request) -> request.startsWith("GET"));
	}

	private static final String BOUNDARY = "artstore-test-boundary";

	private WebTestClient.ResponseSpec sendRaw(byte[] body) {
		return this.client.post()
			.uri("/api/v1/files/upload")
			.headers((headers) -> headers.setBearerAuth(this.token))
			.contentType(MediaType.parseMediaType("multipart/form-data; boundary=" + BOUNDARY))
			.bodyValue(body)
			.exchange();
	}

	private static byte[] multipartBody(String filename, byte[] content) {
		ByteArrayOutputStream body = new ByteArrayOutputStream();
		body.writeBytes(("--" + BOUNDARY + "\r\nContent-Disposition: form-data; name=\"file\"; filename=\"" + filename
				+ "\"\r\nContent-Type: application/octet-stream\r\n\r\n")
			.getBytes(StandardCharsets.US_ASCII));
		body.writeBytes(content);
		body.writeBytes(("\r\n--" + BOUNDARY + "--\r\n").getBytes(StandardCharsets.US_ASCII));
		return body.toByteArray();
	}

	private void assertProblem(WebTestClient.ResponseSpec response, int status, String type) {
		response.expectStatus()
			.isEqualTo(status)
			.expectHeader()
			.contentType(MediaType.APPLICATION_PROBLEM_JSON)
			.expectBody()
			.jsonPath("$.type")
			.isEqualTo("https://artstore.io/problems/" + type)
			.jsonPath("$.status")
			.isEqualTo(status)
			.jsonPath("$.detail")
			.isNotEmpty()
			.consumeWith((result) -> LeavesNoTrace.assertAnswerNamesNothingBehindTheIngester(result, adminStubPort(),
					storageStubPort()));
	}

	private WebTestClient.ResponseSpec upload(String filename, String content, String... fields) {
		MultipartBodyBuilder form = new MultipartBodyBuilder();
		for (int i = 0; i < fields.length; i += 2) {
			form.part(fields[i], fields[i + 1]);
		}
		form.part("file", content.getBytes()).filename(filename);
		return send(form);
	}

	private WebTestClient.ResponseSpec send(MultipartBodyBuilder form) {
		return this.client.post()
			.uri("/api/v1/files/upload")
			.headers((headers) -> headers.setBearerAuth(this.token))
			.body(BodyInserters.fromMultipartData(form.build()))
			.exchange();
	}

}
