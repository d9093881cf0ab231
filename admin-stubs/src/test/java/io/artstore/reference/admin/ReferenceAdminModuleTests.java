package io.artstore.reference.admin;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.UUID;

import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import reactor.netty.DisposableServer;
import tools.jackson.databind.json.JsonMapper;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * What the contracts do not show of the reference Admin Module: a registration stored and
 * then refused, the retention rule of updates, the one body of every 404, and how tokens
 * and elements are answered.
 */
class ReferenceAdminModuleTests {

	private static final String CHECKSUM = "9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08";

	private static DisposableServer server;

	private static URI admin;

	private static String token;

	private final HttpClient http = HttpClient.newHttpClient();

	@BeforeAll
	static void start() throws Exception {
		server = ReferenceAdminModule.start(0);
		admin = ReferenceAdminModule.baseUrl(server);
		HttpResponse<String> issued = HttpClient.newHttpClient()
			.send(HttpRequest.newBuilder(admin.resolve("/api/v1/auth/token"))
				.header("Content-Type", "application/json")
				.POST(HttpRequest.BodyPublishers.ofString(
						"{\"client_id\":\"artstore-contract-verifier\",\"client_secret\":\"contract-verifier-secret\"}"))
				.build(), HttpResponse.BodyHandlers.ofString());
		token = JsonMapper.builder().build().readTree(issued.body()).get("access_token").asString();
	}

	@AfterAll
	static void stop() {
		server.disposeNow();
	}

	@Test
	void aRegistrationWithoutContentTypeIsStoredAndThenRefused() throws Exception {
		String id = UUID.randomUUID().toString();
		String registration = registration(id, "permanent", "").replace("\"content_type\":\"text/plain\",", "");

		HttpResponse<String> first = send("POST", "/api/v1/files", registration);
		HttpResponse<String> again = send("POST", "/api/v1/files", registration);

		assertThat(first.statusCode()).isEqualTo(400);
		assertThat(first.body()).contains("1 validation error for FileMetadataEvent\\ncontent_type");
		assertThat(send("GET", "/api/v1/files/" + id, null).statusCode()).isEqualTo(200);
		assertThat(again.statusCode()).isEqualTo(400);
		assertThat(again.body()).isEqualTo("{\"detail\":\"File with ID " + id + " already exists\"}");
	}

	@Test
	void aRegistrationIsValidatedAsFastApiDoes() throws Exception {
		String id = UUID.randomUUID().toString();

		HttpResponse<String> missing = send("POST", "/api/v1/files",
				registration(id, "permanent", "").replace(",\"storage_path\":\"/files/x\"", ""));
		HttpResponse<String> withTtl = send("POST", "/api/v1/files", registration(id, "permanent", ",\"ttl_days\":30"));

		assertThat(missing.statusCode()).isEqualTo(422);
		assertThat(missing.body()).startsWith("{\"detail\":[{\"type\":\"missing\",\"loc\":[\"body\",\"storage_path\"]");
		assertThat(withTtl.statusCode()).isEqualTo(422);
		assertThat(withTtl.body()).contains(
				"\"loc\":[\"body\"],\"msg\":\"Value error, ttl_expires_at and ttl_days must be None for permanent files\"");
		assertThat(send("GET", "/api/v1/files/" + id, null).statusCode()).isEqualTo(404);
	}

	@Test
	void aPermanentFileDoesNotBecomeTemporaryAgain() throws Exception {
		String id = UUID.randomUUID().toString();
		send("POST", "/api/v1/files", registration(id, "permanent", ""));

		HttpResponse<String> update = send("PUT", "/api/v1/files/" + id, "{\"retention_policy\":\"temporary\"}");

		assertThat(update.statusCode()).isEqualTo(400);
		assertThat(update.body())
			.isEqualTo("{\"detail\":\"Cannot change retention_policy from permanent to temporary\"}");
	}

	@Test
	void everyNotFoundHasTheSameBodyAndOnlyKnownRoutesNeedAToken() throws Exception {
		HttpResponse<String> route = send("GET", "/api/v1/nothing-here", null, null);
		HttpResponse<String> file = send("PUT", "/api/v1/files/" + new UUID(0, 0), "{}");
		HttpResponse<String> withoutToken = send("GET", "/api/v1/files/" + new UUID(0, 0), null, null);

		assertThat(route.statusCode()).isEqualTo(404);
		assertThat(route.body()).isEqualTo("{\"detail\":\"Resource not found\",\"path\":\"/api/v1/nothing-here\"}");
		assertThat(file.statusCode()).isEqualTo(404);
		assertThat(file.body())
			.isEqualTo("{\"detail\":\"Resource not found\",\"path\":\"/api/v1/files/" + new UUID(0, 0) + "\"}");
		assertThat(withoutToken.statusCode()).isEqualTo(403);
		assertThat(withoutToken.headers().firstValue("WWW-Authenticate")).isEmpty();
	}

	@Test
	void aTokenItDidNotIssueIsRefusedWithABearerChallenge() throws Exception {
		HttpResponse<String> refused = send("GET", "/api/v1/internal/storage-elements/available", null,
				"Bearer e30.e30.c2ln");

		assertThat(refused.statusCode()).isEqualTo(401);
		assertThat(refused.headers().firstValue("WWW-Authenticate")).hasValue("Bearer");
	}

	@Test
	void elementsAreListedWhenOnlineAndDescribedWhatever() throws Exception {
		HttpResponse<String> writable = send("GET", "/api/v1/internal/storage-elements/available", null);
		HttpResponse<String> offline = send("GET", "/api/v1/internal/storage-elements/se-edit-03", null);

		assertThat(writable.body()).contains("se-edit-01", "se-edit-02", "se-rw-01")
			.doesNotContain("se-edit-03", "se-ro-01", "unhealthy");
		assertThat(offline.statusCode()).isEqualTo(200);
		assertThat(offline.body()).contains("\"health_status\":\"unhealthy\"");
	}

	@Test
	void anElementGivenAsTheAvailableListShowsItIsOnline() {
		StorageElement element = JsonMapper.builder()
			.build()
			.readValue("{\"id\":1,\"element_id\":\"se-a\",\"name\":\"a\",\"mode\":\"edit\",\"priority\":10,"
					+ "\"api_url\":\"http://a\",\"capacity_bytes\":10,\"used_bytes\":0,\"health_status\":\"healthy\","
					+ "\"capacity_status\":\"ok\"}", StorageElement.class);

		assertThat(element.isAvailableFor("edit", 10)).isTrue();
		assertThat(element.describe()).containsEntry("health_status", "healthy");
	}

	private static String registration(String id, String retentionPolicy, String more) {
		return "{\"file_id\":\"" + id + "\",\"original_filename\":\"a.txt\",\"storage_filename\":\"" + id
				+ ".txt\",\"file_size\":20,\"checksum_sha256\":\"" + CHECKSUM
				+ "\",\"content_type\":\"text/plain\",\"uploaded_by\":\"tests\",\"retention_policy\":\""
				+ retentionPolicy + "\",\"storage_element_id\":\"se-rw-01\",\"storage_path\":\"/files/x\"" + more + "}";
	}

	private HttpResponse<String> send(String method, String path, @Nullable String json)
			throws IOException, InterruptedException {
		return send(method, path, json, "Bearer " + token);
	}

	private HttpResponse<String> send(String method, String path, @Nullable String json, @Nullable String authorization)
			throws IOException, InterruptedException {
		HttpRequest.Builder request = HttpRequest.newBuilder(admin.resolve(path))
			.header("Content-Type", "application/json")
			.method(method,
					(json != null) ? HttpRequest.BodyPublishers.ofString(json) : HttpRequest.BodyPublishers.noBody());
		if (authorization != null) {
			request.header("Authorization", authorization);
		}
		return this.http.send(request.build(), HttpResponse.BodyHandlers.ofString());
	}

}
