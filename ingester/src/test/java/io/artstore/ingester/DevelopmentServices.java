package io.artstore.ingester;

import java.time.Duration;
import java.time.Instant;
import java.util.Map;

import org.springframework.boot.context.event.ApplicationReadyEvent;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.context.ApplicationListener;
import org.springframework.context.annotation.Bean;
import org.springframework.core.env.Environment;
import org.springframework.web.reactive.function.client.WebClient;

import io.artstore.ingester.support.TestTokens;

/**
 * What {@link TestIngesterApplication} adds to the ingester: ready-to-paste commands once
 * it is up, that upload a file and show it stored and registered.
 */
@TestConfiguration(proxyBeanMethods = false)
class DevelopmentServices {

	/** How long the printed development token lives. */
	static final Duration TOKEN_LIFETIME = Duration.ofHours(12);

	/** The reference Admin Module's base URL. */
	static final String ADMIN_URL = "artstore.dev.admin-url";

	/** The reference edit element's base URL. */
	static final String EDIT_URL = "artstore.dev.edit-url";

	@Bean
	ApplicationListener<ApplicationReadyEvent> uploadCommandPrinter() {
		return (event) -> {
			Environment environment = event.getApplicationContext().getEnvironment();
			String port = environment.getProperty("local.server.port");
			String admin = environment.getRequiredProperty(ADMIN_URL);
			String edit = environment.getRequiredProperty(EDIT_URL);
			Instant now = Instant.now();
			String token = TestTokens.trusted()
				.token((claims) -> claims.subject("dev-user")
					.claim("role", "user")
					.issuedAt(now)
					.notBefore(now)
					.expiresAt(now.plus(TOKEN_LIFETIME)));
			String serviceToken = serviceToken(admin);
			System.out.println(
					"""

							The ingester is ready on http://localhost:%1$s, in front of the reference Admin Module (%2$s)
							and storage elements (edit: %3$s), which behave like the real services.
							Upload any file (the answer carries its SHA-256 and its file_id):

							curl -sS -H 'Authorization: Bearer %4$s' -F description=hello -F 'file=@README.md' http://localhost:%1$s/api/v1/files/upload

							Then, with that file_id, what the ingester recorded, the registry holds and the element stored:

							curl -sS -H 'Authorization: Bearer %4$s' http://localhost:%1$s/api/v1/files/FILE_ID
							curl -sS -H 'Authorization: Bearer %5$s' %2$s/api/v1/files/FILE_ID
							curl -sS -H 'Authorization: Bearer %5$s' %3$s/api/v1/files/FILE_ID

							Make it permanent (on the rw element), then follow the finalization:

							curl -sS -X POST -H 'Authorization: Bearer %4$s' http://localhost:%1$s/api/v1/finalize/FILE_ID
							curl -sS -H 'Authorization: Bearer %4$s' http://localhost:%1$s/api/v1/finalize/TRANSACTION_ID/status

							(The development token lives %6$s; the service token, the Admin Module's, 30 minutes.)
							"""
						.formatted(port, admin, edit, token, serviceToken, TOKEN_LIFETIME.toHours() + " hours"));
		};
	}

	/** A token of the ingester's service account, as the ingester gets one. */
	private static String serviceToken(String admin) {
		Map<?, ?> answer = WebClient.create(admin)
			.post()
			.uri("/api/v1/auth/token")
			.bodyValue(Map.of("client_id", "artstore-ingester", "client_secret", ReferenceServices.INGESTER_SECRET))
			.retrieve()
			.bodyToMono(Map.class)
			.block(Duration.ofSeconds(10));
		return String.valueOf((answer != null) ? answer.get("access_token") : null);
	}

}
