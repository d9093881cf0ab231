package io.artstore.ingester.admin;

import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.time.Duration;
import java.util.UUID;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import reactor.core.publisher.Mono;
import reactor.netty.DisposableServer;
import reactor.netty.http.server.HttpServer;
import reactor.test.StepVerifier;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.test.util.TestSocketUtils;
import org.springframework.web.reactive.function.client.WebClient;

import io.artstore.ingester.problem.ProblemException;
import io.artstore.ingester.support.IngesterIntegrationTests;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Each way the Admin Module can fail gets a defined answer: a 502 problem, never a hang.
 */
class AdminModuleFaultTests extends IngesterIntegrationTests {

	@Autowired
	WebClient.Builder webClientBuilder;

	@Test
	void refusedCredentialsBecomeA502Problem() {
		AdminModuleClient admin = client(URI.create(adminStubUrl()), "invalid-ingester");

		StepVerifier.create(admin.issueToken())
			.expectErrorSatisfies((ex) -> assertThat(ex).isInstanceOf(ServiceTokenRejectedException.class)
				.satisfies((problem) -> assertBadGateway((ProblemException) problem))
				.hasMessageContaining("Invalid client_id or client_secret"))
			.verify(Duration.ofSeconds(10));
	}

	@Test
	void unreachableAdminModuleBecomesA502Problem() {
		AdminModuleClient admin = client(URI.create("http://127.0.0.1:" + TestSocketUtils.findAvailableTcpPort()),
				"artstore-ingester");

		StepVerifier.create(admin.availableElements("edit", "token"))
			.expectErrorSatisfies((ex) -> assertThat(ex).isInstanceOf(AdminModuleUnavailableException.class)
				.satisfies((problem) -> assertBadGateway((ProblemException) problem))
				.hasMessageContaining("cannot be reached"))
			.verify(Duration.ofSeconds(10));
	}

	@Test
	void silentAdminModuleTimesOutIntoA502Problem() throws IOException {
		try (ServerSocket silent = new ServerSocket(0)) {
			AdminModuleClient admin = client(URI.create("http://127.0.0.1:" + silent.getLocalPort()),
					"artstore-ingester", Duration.ofMillis(300));

			StepVerifier.create(admin.issueToken())
				.expectErrorSatisfies((ex) -> assertThat(ex).isInstanceOf(AdminModuleUnavailableException.class)
					.hasMessageContaining("did not answer within 300 ms"))
				.verify(Duration.ofSeconds(10));
		}
	}

	@Test
	void stubbedTokenIsIssuedForValidCredentials() {
		StepVerifier.create(client(URI.create(adminStubUrl()), "artstore-ingester").issueToken())
			.assertNext((token) -> {
				assertThat(token.accessToken()).isNotBlank();
				assertThat(token.expiresIn()).isEqualTo(1800);
			})
			.verifyComplete();
	}

	@Test
	void registrationThatTimesOutHasAnUnknownOutcome() throws IOException {
		try (ServerSocket silent = new ServerSocket(0)) {
			AdminModuleClient admin = client(URI.create("http://127.0.0.1:" + silent.getLocalPort()),
					"artstore-ingester", Duration.ofMillis(300));

			StepVerifier.create(admin.register(registration("report.pdf"), "token"))
				.expectError(RegistrationUncertainException.class)
				.verify(Duration.ofSeconds(10));
		}
	}

	@Test
	void registrationAnsweredWith5xxHasAnUnknownOutcome() {
		// The Admin fault contract shouldFailRegistrationWithServerError: "admin-failure"
		StepVerifier
			.create(client(URI.create(adminStubUrl()), "artstore-ingester").register(registration("admin-failure.pdf"),
					"token"))
			.expectErrorSatisfies((ex) -> assertThat(ex).isInstanceOf(RegistrationUncertainException.class)
				.hasMessageContaining("answered 500"))
			.verify(Duration.ofSeconds(10));
	}

	@Test
	void registrationThatCannotConnectOrIsRefusedCertainlyDidNotHappen() {
		AdminModuleClient unreachable = client(URI.create("http://127.0.0.1:" + TestSocketUtils.findAvailableTcpPort()),
				"artstore-ingester");
		StepVerifier.create(unreachable.register(registration("report.pdf"), "token"))
			.expectErrorSatisfies((ex) -> assertThat(ex).isInstanceOf(AdminModuleUnavailableException.class)
				.isNotInstanceOf(RegistrationUncertainException.class))
			.verify(Duration.ofSeconds(10));
		StepVerifier
			.create(client(URI.create(adminStubUrl()), "artstore-ingester")
				.register(registration("already-registered.pdf"), "token"))
			.expectErrorSatisfies((ex) -> assertThat(ex).isInstanceOf(AdminModuleUnavailableException.class)
				.isNotInstanceOf(RegistrationUncertainException.class)
				.hasMessageContaining("answered 400"))
			.verify(Duration.ofSeconds(10));
	}

	@Test
	void anElementListRefusedForWantOfATokenIsATokenRejection() {
		// Contract shouldRefuseElementListWithoutToken: no usable bearer token, 403 "Not
		// authenticated"
		StepVerifier.create(client(URI.create(adminStubUrl()), "artstore-ingester").availableElements("edit", ""))
			.expectErrorSatisfies((ex) -> assertThat(ex).isInstanceOf(ServiceTokenRejectedException.class)
				.hasMessageContaining("listing edit storage elements"))
			.verify(Duration.ofSeconds(10));
	}

	@Test
	void theRegistryIsAskedWhetherItHoldsAFile() {
		AdminModuleClient admin = client(URI.create(adminStubUrl()), "artstore-ingester");
		// Contracts shouldFindRegisteredFile and shouldAnswerNotFoundForUnregisteredFile
		StepVerifier.create(admin.registeredFile(UUID.fromString("3b9e5a2c-8d1f-4e6a-b7c0-9f2e1d3c4b5a"), "token"))
			.assertNext((file) -> assertThat(file.storageElementId()).isEqualTo("se-edit-01"))
			.verifyComplete();
		StepVerifier.create(admin.registeredFile(new UUID(0, 0), "token")).verifyComplete();
	}

	@Test
	void anElementIsLookedUpByIdWhetherListedOrNot() {
		AdminModuleClient admin = client(URI.create(adminStubUrl()), "artstore-ingester");
		// Contracts shouldDescribeStorageElementById and
		// shouldAnswerNotFoundForUnknownStorageElement
		StepVerifier.create(admin.element("se-rw-retired-07", "token"))
			.assertNext((element) -> assertThat(element.apiUrl()).isEqualTo("http://storage.stub/se-edit-01"))
			.verifyComplete();
		StepVerifier.create(admin.element("se-unknown-00", "token")).verifyComplete();
	}

	@Test
	void aNotFoundThatIsNotTheAdminModulesIsNeverReadAsNotRegistered() {
		// a proxy's 404 for the registry's path: an HTML page, or JSON naming another
		// path
		for (String body : new String[] { "<html><body>404 Not Found</body></html>",
				"{\"detail\": \"Resource not found\", \"path\": \"/api/v2/files\"}" }) {
			DisposableServer proxy = HttpServer.create()
				.host("127.0.0.1")
				.port(0)
				.handle((request, response) -> response.status(404).sendString(Mono.just(body)))
				.bindNow();
			try {
				StepVerifier
					.create(client(URI.create("http://127.0.0.1:" + proxy.port()), "artstore-ingester")
						.registeredFile(UUID.randomUUID(), "token"))
					.expectErrorSatisfies((ex) -> assertThat(ex).isInstanceOf(AdminModuleUnavailableException.class)
						.hasMessageContaining("not the Admin Module's answer"))
					.verify(Duration.ofSeconds(10));
			}
			finally {
				proxy.disposeNow();
			}
		}
	}

	@ParameterizedTest
	@ValueSource(ints = { 408, 409, 429 })
	void aProxysTimeoutConflictOrThrottlingLeavesARegistrationUncertainNotRefused(int status) {
		DisposableServer proxy = HttpServer.create()
			.host("127.0.0.1")
			.port(0)
			.handle((request, response) -> request.receive()
				.then()
				.then(response.status(status).sendString(Mono.just("{\"detail\": \"proxy\"}")).then()))
			.bindNow();
		try {
			StepVerifier
				.create(client(URI.create("http://127.0.0.1:" + proxy.port()), "artstore-ingester")
					.register(registration("proxied.pdf"), "token"))
				.expectError(RegistrationUncertainException.class)
				.verify(Duration.ofSeconds(10));
		}
		finally {
			proxy.disposeNow();
		}
	}

	private static FileRegistration registration(String filename) {
		UUID fileId = UUID.randomUUID();
		return new FileRegistration(fileId, filename, fileId + ".pdf", 20,
				"a702c5cdc517ec270e1dfe4fc30d928922648a8bff9f296b7a55d43f844f04ea", "application/pdf", "", "temporary",
				null, 30, "se-edit-01", "/api/v1/files/" + fileId, "tester", null);
	}

	private AdminModuleClient client(URI url, String clientId) {
		return client(url, clientId, Duration.ofSeconds(5));
	}

	private AdminModuleClient client(URI url, String clientId, Duration timeout) {
		return new AdminModuleClient(this.webClientBuilder,
				new AdminProperties(url, clientId, "secret", timeout, Duration.ofSeconds(60), Duration.ofSeconds(30),
						"unused:", Duration.ofMillis(500), Duration.ofMinutes(15)));
	}

	private static void assertBadGateway(ProblemException problem) {
		assertThat(problem.status().value()).isEqualTo(502);
		assertThat(problem.toProblemDetail().getType().toString()).endsWith("/admin-module-unavailable");
	}

}
