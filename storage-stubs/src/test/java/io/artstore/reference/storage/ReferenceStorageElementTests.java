package io.artstore.reference.storage;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import java.util.stream.Stream;

import io.artstore.testsupport.RsaTokenIssuer;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import reactor.netty.DisposableServer;

import org.springframework.security.oauth2.jwt.JwtClaimsSet;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * What the contracts cannot show of the reference element: that a refused upload leaves
 * the stored copy and the disk as they were, whatever the order of the parts, and how
 * tokens, modes and unknown routes are answered.
 */
class ReferenceStorageElementTests {

	private static final String BOUNDARY = "b0undary";

	private static final String FIRST_CHECKSUM = "a7937b64b8caa58f03721bb6bacf5c78cb235febe0e70b1b84cd99541461a08e";

	private static final RsaTokenIssuer ADMIN = RsaTokenIssuer.withNewKeyPair();

	private final HttpClient http = HttpClient.newHttpClient();

	@TempDir
	Path root;

	private @Nullable DisposableServer server;

	@AfterEach
	void stop() {
		if (this.server != null) {
			this.server.disposeNow();
		}
	}

	@Test
	void anUploadUnderAHeldIdIsRefusedAndTheStoredCopyStaysAsItWas() throws Exception {
		URI element = start("edit");
		String id = UUID.randomUUID().toString();
		assertThat(upload(element, field("file_id", id) + file("first")).statusCode()).isEqualTo(201);

		HttpResponse<String> second = upload(element, field("file_id", id) + file("second, longer"));

		assertThat(second.statusCode()).isEqualTo(500);
		assertThat(second.body()).isEqualTo("{\"detail\":\"File with ID " + id + " already exists\"}");
		assertThat(get(element, "/api/v1/files/" + id).body()).contains("\"checksum\":\"" + FIRST_CHECKSUM + "\"");
		assertThat(filesOnDisk()).containsExactly(id);
	}

	@Test
	void aFileIdAfterTheFilePartIsHonouredAndAHeldOneRefusedAllTheSame() throws Exception {
		URI element = start("edit");
		String id = UUID.randomUUID().toString();

		HttpResponse<String> stored = upload(element, file("first") + field("file_id", id.toUpperCase()));
		HttpResponse<String> refused = upload(element, file("second") + field("file_id", id));

		assertThat(stored.statusCode()).isEqualTo(201);
		assertThat(stored.body()).contains("\"file_id\":\"" + id + "\"");
		assertThat(refused.statusCode()).isEqualTo(500);
		assertThat(get(element, "/api/v1/files/" + id).body()).contains(FIRST_CHECKSUM);
		assertThat(filesOnDisk()).containsExactly(id);
	}

	@Test
	void aFileIdThatIsNotAUuidIsRefusedAndAnEmptyOneGetsAFreshId() throws Exception {
		URI element = start("edit");

		HttpResponse<String> invalid = upload(element, field("file_id", "not-a-uuid") + file("first"));
		HttpResponse<String> empty = upload(element, field("file_id", "") + file("first"));

		assertThat(invalid.statusCode()).isEqualTo(400);
		assertThat(invalid.body()).isEqualTo("{\"detail\":\"Invalid file_id format: not-a-uuid\"}");
		assertThat(empty.statusCode()).isEqualTo(201);
		assertThat(filesOnDisk()).hasSize(1);
	}

	@Test
	void tokensAreAnsweredAsTheRealElementAnswersThem() throws Exception {
		URI element = start("edit");
		String path = "/api/v1/files/" + UUID.randomUUID();

		HttpResponse<String> none = send(element, path, "DELETE", null);
		HttpResponse<String> basic = send(element, path, "DELETE", "Basic dXNlcjpwYXNz");
		HttpResponse<String> foreign = send(element, path, "DELETE",
				"Bearer " + RsaTokenIssuer.withNewKeyPair().issue(claims("service_account", "admin")));
		HttpResponse<String> user = send(element, path, "DELETE", bearer("service_account", "user"));
		HttpResponse<String> adminUser = send(element, "/api/v1/gc/" + UUID.randomUUID(), "DELETE",
				bearer("admin_user", "admin"));

		assertThat(none.statusCode()).isEqualTo(401);
		assertThat(none.headers().firstValue("WWW-Authenticate")).hasValue("Bearer");
		assertThat(none.body()).isEqualTo("{\"detail\":\"Not authenticated\"}");
		assertThat(basic.statusCode()).isEqualTo(403);
		assertThat(foreign.statusCode()).isEqualTo(401);
		assertThat(foreign.body()).isEqualTo("{\"detail\":\"Invalid or expired token\"}");
		assertThat(user.statusCode()).isEqualTo(403);
		assertThat(adminUser.statusCode()).isEqualTo(403);
	}

	@Test
	void anRwElementRefusesDeletesButGarbageCollectionRemovesCopies() throws Exception {
		URI element = start("rw");
		String id = UUID.randomUUID().toString();
		upload(element, field("file_id", id) + file("first"));

		HttpResponse<String> delete = send(element, "/api/v1/files/" + id, "DELETE",
				bearer("service_account", "admin"));
		HttpResponse<String> collected = send(element, "/api/v1/gc/" + id, "DELETE",
				bearer("service_account", "admin"));

		assertThat(delete.statusCode()).isEqualTo(400);
		assertThat(delete.body()).contains("File deletion not allowed in rw mode. Only EDIT mode allows deletion.");
		assertThat(collected.statusCode()).isEqualTo(200);
		assertThat(collected.body()).contains("\"status\":\"deleted\"");
		assertThat(filesOnDisk()).isEmpty();
	}

	@Test
	void anUnknownRouteIsNotFoundWithoutAToken() throws Exception {
		HttpResponse<String> answer = send(start("edit"), "/api/v1/nothing-here", "GET", null);

		assertThat(answer.statusCode()).isEqualTo(404);
		assertThat(answer.body()).isEqualTo("{\"detail\":\"Not Found\"}");
	}

	private URI start(String mode) {
		this.server = new ReferenceStorageElement(this.root, mode, Long.MAX_VALUE, ADMIN.publicKey()).start(0);
		return ReferenceStorageElement.baseUrl(this.server);
	}

	private List<String> filesOnDisk() throws IOException {
		try (Stream<Path> files = Files.list(this.root)) {
			return files.map((file) -> file.getFileName().toString()).toList();
		}
	}

	private HttpResponse<String> upload(URI element, String parts) throws IOException, InterruptedException {
		return this.http.send(HttpRequest.newBuilder(element.resolve("/api/v1/files/upload"))
			.header("Authorization", bearer("service_account", "admin"))
			.header("Content-Type", "multipart/form-data; boundary=" + BOUNDARY)
			.POST(HttpRequest.BodyPublishers.ofString(parts + "--" + BOUNDARY + "--\r\n"))
			.build(), HttpResponse.BodyHandlers.ofString());
	}

	private HttpResponse<String> get(URI element, String path) throws IOException, InterruptedException {
		return send(element, path, "GET", bearer("service_account", "admin"));
	}

	private HttpResponse<String> send(URI element, String path, String method, @Nullable String authorization)
			throws IOException, InterruptedException {
		HttpRequest.Builder request = HttpRequest.newBuilder(element.resolve(path))
			.method(method, HttpRequest.BodyPublishers.noBody());
		if (authorization != null) {
			request.header("Authorization", authorization);
		}
		return this.http.send(request.build(), HttpResponse.BodyHandlers.ofString());
	}

	private static String field(String name, String value) {
		return "--" + BOUNDARY + "\r\nContent-Disposition: form-data; name=\"" + name + "\"\r\n\r\n" + value + "\r\n";
	}

	private static String file(String content) {
		return "--" + BOUNDARY + "\r\nContent-Disposition: form-data; name=\"file\"; filename=\"a.txt\"\r\n"
				+ "Content-Type: text/plain\r\n\r\n" + content + "\r\n";
	}

	private static String bearer(String type, String role) {
		return "Bearer " + ADMIN.issue(claims(type, role));
	}

	private static JwtClaimsSet claims(String type, String role) {
		Instant now = Instant.now();
		return JwtClaimsSet.builder()
			.subject("tests")
			.claim("type", type)
			.claim("role", role)
			.claim("name", "tests")
			.id(UUID.randomUUID().toString())
			.issuedAt(now)
			.notBefore(now)
			.expiresAt(now.plus(Duration.ofMinutes(5)))
			.build();
	}

}
