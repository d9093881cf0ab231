package io.artstore.consumer;

import java.net.URI;
import java.net.URL;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import org.springframework.cloud.contract.stubrunner.junit.StubRunnerExtension;
import org.springframework.cloud.contract.stubrunner.spring.StubRunnerProperties;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A consumer's test that takes the artStore stubs from a Maven repository, as a team
 * without this source tree does: Stub Runner in REMOTE mode downloads the storage stubs
 * by the latest version ({@code +}) and the Admin stubs by a pinned one, unpacks them and
 * serves them. Nothing here comes from the project's modules.
 */
class PublishedStubsTests {

	private static final String REPOSITORY = System.getProperty("artstore.consumer.repository");

	private static final String PINNED = System.getProperty("artstore.consumer.stubs-version");

	@RegisterExtension
	static StubRunnerExtension stubs = new StubRunnerExtension().repoRoot(REPOSITORY)
		.stubsMode(StubRunnerProperties.StubsMode.REMOTE)
		.downloadStub("io.artstore", "storage-stubs", "+", "stubs")
		.downloadStub("io.artstore", "admin-stubs", PINNED, "stubs");

	private final HttpClient http = HttpClient.newHttpClient();

	@Test
	void theLatestStorageStubsStoreAnUploadWhateverTheOrderOfItsParts() throws Exception {
		// the file id the consumer chose, which the element stores the file under and
		// answers
		String fileId = "7c9e6679-7425-40de-944b-e07fc1f90ae7";
		URL storage = stubs.findStubUrl("io.artstore", "storage-stubs");
		String boundary = "consumer";
		String body = "--" + boundary + "\r\nContent-Disposition: form-data; name=\"retention_policy\"\r\n\r\n"
				+ "temporary\r\n--" + boundary + "\r\nContent-Type: text/plain\r\n"
				+ "Content-Disposition: form-data; filename=\"sample.txt\"; name=\"file\"\r\n\r\n"
				+ "artstore sample file\r\n--" + boundary + "\r\nContent-Disposition: form-data; name=\"description\""
				+ "\r\n\r\nfrom a consumer build\r\n--" + boundary
				+ "\r\nContent-Disposition: form-data; name=\"file_id\"\r\n\r\n" + fileId + "\r\n--" + boundary
				+ "--\r\n";

		HttpResponse<String> answer = this.http
			.send(HttpRequest.newBuilder(URI.create(storage + "/se-edit-01/api/v1/files/upload"))
				.header("Authorization", "Bearer consumer")
				.header("Content-Type", "multipart/form-data; boundary=" + boundary)
				.POST(HttpRequest.BodyPublishers.ofString(body))
				.build(), HttpResponse.BodyHandlers.ofString());

		assertThat(answer.statusCode()).isEqualTo(201);
		assertThat(answer.body()).contains("a702c5cdc517ec270e1dfe4fc30d928922648a8bff9f296b7a55d43f844f04ea")
			.contains("\"file_id\":\"" + fileId + "\"");
	}

	@Test
	void theAdminStubsOfThePinnedVersionIssueAToken() throws Exception {
		URL admin = stubs.findStubUrl("io.artstore", "admin-stubs");

		HttpResponse<String> answer = this.http.send(HttpRequest.newBuilder(URI.create(admin + "/api/v1/auth/token"))
			.header("Content-Type", "application/json")
			.POST(HttpRequest.BodyPublishers.ofString("{\"client_id\":\"artstore-ingester\","
					+ "\"client_secret\":\"any\",\"grant_type\":\"client_credentials\"}"))
			.build(), HttpResponse.BodyHandlers.ofString());

		assertThat(answer.statusCode()).isEqualTo(200);
		assertThat(answer.body()).contains("access_token");
	}

}
