package io.artstore.ingester.admin;

import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.time.Duration;

import org.junit.jupiter.api.Test;
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

	private AdminModuleClient client(URI url, String clientId) {
		return client(url, clientId, Duration.ofSeconds(5));
	}

	private AdminModuleClient client(URI url, String clientId, Duration timeout) {
		return new AdminModuleClient(this.webClientBuilder, new AdminProperties(url, clientId, "secret", timeout,
				Duration.ofSeconds(60), Duration.ofSeconds(30), "unused:"));
	}

	private static void assertBadGateway(ProblemException problem) {
		assertThat(problem.status().value()).isEqualTo(502);
		assertThat(problem.toProblemDetail().getType().toString()).endsWith("/admin-module-unavailable");
	}

}
