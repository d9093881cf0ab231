package io.artstore.contract.storage;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.util.List;

import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.core.WireMockConfiguration;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The upload stubs this module publishes match an upload by its parts (WireMock multipart
 * patterns, written by {@code ContractStubPostProcessor}): by part name, file name and
 * content, whatever the order of the parts and of their headers. And only such uploads: a
 * missing part, a file part without a file name or a field with a value the contract does
 * not allow are not matched. Served by a plain WireMock, as a consumer on another stack
 * would serve them.
 */
class MultipartStubMatchingTests {

	private static final String BOUNDARY = "b0undary";

	private static final String FILE_ID = "3b9e5a2c-8d1f-4e6a-b7c0-9f2e1d3c4b5a";

	private static WireMockServer stubs;

	private final HttpClient http = HttpClient.newHttpClient();

	@BeforeAll
	static void serveTheGeneratedMappings() {
		stubs = new WireMockServer(WireMockConfiguration.options()
			.dynamicPort()
			.usingFilesUnderDirectory(Path.of(System.getProperty("stubs.dir")).toString()));
		stubs.start();
	}

	@AfterAll
	static void stop() {
		stubs.stop();
	}

	@Test
	void partsInAnyOrderWithHeadersInAnyOrderMatch() throws Exception {
		String body = part("retention_policy", null, "X-Other: 1") + "permanent\r\n"
				+ part("file", "sample.txt", "Content-Type: application/pdf") + "artstore sample file\r\n"
				+ part("description", null) + "\r\n" + part("file_id", null) + FILE_ID + "\r\n" + end();
		HttpResponse<String> stored = upload("/se-edit-01", body);
		assertThat(stored.statusCode()).isEqualTo(201);
		assertThat(stored.body()).as("the stub answers the file_id it was sent")
			.contains("\"file_id\":\"" + FILE_ID + "\"");
	}

	@Test
	void theStubAnswersTheFileIdItWasSentWhereverThePartIs() throws Exception {
		String other = "7c9e6679-7425-40de-944b-e07fc1f90ae7";
		String body = part("file_id", null, "Content-Type: text/plain;charset=UTF-8", "Content-Length: 36") + other
				+ "\r\n" + part("file", "a.txt") + "bytes\r\n" + part("retention_policy", null) + "temporary\r\n"
				+ part("description", null) + "d\r\n" + end();
		HttpResponse<String> stored = upload("/se-edit-01", body);
		assertThat(stored.statusCode()).isEqualTo(201);
		assertThat(stored.body()).contains("\"file_id\":\"" + other + "\"").doesNotContain(FILE_ID);
	}

	@Test
	void theFileIdIsTakenFromItsOwnPartNotFromAFileNamedAfterItOrOtherContent() throws Exception {
		String sent = "7c9e6679-7425-40de-944b-e07fc1f90ae7";
		String decoy = "11111111-2222-4333-8444-555555555555";
		String body = part("file", "file_id.txt") + "name=\"file_id\" " + decoy + "\r\n" + part("description", null)
				+ decoy + "\r\n" + part("retention_policy", null) + "temporary\r\n" + part("file_id", null) + sent
				+ "\r\n" + end();
		HttpResponse<String> stored = upload("/se-edit-01", body);
		assertThat(stored.statusCode()).isEqualTo(201);
		assertThat(stored.body()).contains("\"file_id\":\"" + sent + "\"").doesNotContain(decoy);
	}

	@Test
	void aDescribedOrCollectedFileIsAnsweredWithTheIdAskedAbout() throws Exception {
		String asked = "7c9e6679-7425-40de-944b-e07fc1f90ae7";
		for (String path : List.of("/se-edit-01/api/v1/files/" + asked, "/se-edit-01/api/v1/gc/" + asked + "/exists")) {
			HttpResponse<String> answer = this.http.send(HttpRequest.newBuilder(URI.create(stubs.baseUrl() + path))
				.header("Authorization", "Bearer any")
				.GET()
				.build(), HttpResponse.BodyHandlers.ofString());
			assertThat(answer.statusCode()).as(path).isEqualTo(200);
			assertThat(answer.body()).as(path).contains("\"file_id\":\"" + asked + "\"");
		}
	}

	@Test
	void theFilenameMayComeBeforeTheNameAndTheContentTypeBeforeTheDisposition() throws Exception {
		String body = "--" + BOUNDARY + "\r\nContent-Type: text/plain\r\n"
				+ "Content-Disposition: form-data; filename=\"a.txt\"; name=\"file\"\r\n\r\nbytes\r\n"
				+ part("retention_policy", null) + "temporary\r\n" + part("description", null) + "d\r\n"
				+ part("file_id", null) + FILE_ID + "\r\n" + end();
		assertThat(upload("/se-edit-01", body).statusCode()).isEqualTo(201);
	}

	@Test
	void anUploadWithoutItsFilePartIsNotMatched() throws Exception {
		String body = part("retention_policy", null) + "temporary\r\n" + part("description", null) + "d\r\n" + end();
		assertThat(upload("/se-edit-01", body).statusCode()).isEqualTo(404);
	}

	@Test
	void aFilePartWithoutAFilenameIsNotMatched() throws Exception {
		String body = part("file", null) + "bytes\r\n" + part("retention_policy", null) + "temporary\r\n"
				+ part("description", null) + "d\r\n" + end();
		assertThat(upload("/se-edit-01", body).statusCode()).isEqualTo(404);
	}

	@Test
	void aFilePartWithAnEmptyFilenameBeforeItsNameIsNotMatched() throws Exception {
		String body = "--" + BOUNDARY
				+ "\r\nContent-Disposition: form-data; filename=\"\"; name=\"file\"\r\n\r\nbytes\r\n"
				+ part("retention_policy", null) + "temporary\r\n" + part("description", null) + "d\r\n" + end();
		assertThat(upload("/se-edit-01", body).statusCode()).isEqualTo(404);
	}

	@Test
	void aRetentionPolicyTheContractDoesNotAllowIsNotMatched() throws Exception {
		String body = part("file", "a.txt") + "bytes\r\n" + part("retention_policy", null) + "forever\r\n"
				+ part("description", null) + "d\r\n" + end();
		assertThat(upload("/se-edit-01", body).statusCode()).isEqualTo(404);
	}

	@Test
	void theFaultStubsAreChosenByTheElementsBasePath() throws Exception {
		String body = part("file", "a.txt") + "bytes\r\n" + part("retention_policy", null) + "temporary\r\n" + end();
		HttpResponse<String> unavailable = upload("/se-edit-unavailable-01", body);
		assertThat(unavailable.statusCode()).isEqualTo(503);
		assertThat(unavailable.headers().firstValue("Retry-After")).hasValue("30");
		assertThat(upload("/se-rw-full-01", part("description", null) + "d\r\n" + body).statusCode()).isEqualTo(507);
	}

	private HttpResponse<String> upload(String element, String body) throws IOException, InterruptedException {
		return this.http.send(HttpRequest.newBuilder(URI.create(stubs.baseUrl() + element + "/api/v1/files/upload"))
			.header("Authorization", "Bearer any")
			.header("Content-Type", "multipart/form-data; boundary=" + BOUNDARY)
			.POST(HttpRequest.BodyPublishers.ofString(body))
			.build(), HttpResponse.BodyHandlers.ofString());
	}

	private static String part(String name, String filename, String... headers) {
		StringBuilder part = new StringBuilder("--" + BOUNDARY + "\r\n");
		for (String header : headers) {
			part.append(header).append("\r\n");
		}
		part.append("Content-Disposition: form-data; name=\"").append(name).append('"');
		if (filename != null) {
			part.append("; filename=\"").append(filename).append('"');
		}
		return part.append("\r\n\r\n").toString();
	}

	private static String end() {
		return "--" + BOUNDARY + "--\r\n";
	}

}
