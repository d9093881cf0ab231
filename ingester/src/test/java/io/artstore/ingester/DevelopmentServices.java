package io.artstore.ingester;

import java.time.Duration;
import java.time.Instant;

import org.springframework.boot.context.event.ApplicationReadyEvent;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.cloud.contract.stubrunner.spring.StubRunnerConfiguration;
import org.springframework.context.ApplicationListener;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Import;

import io.artstore.ingester.support.TestTokens;

/**
 * What {@link TestIngesterApplication} adds to the ingester: Stub Runner, and a
 * ready-to-paste upload command once the ingester is up.
 */
@TestConfiguration(proxyBeanMethods = false)
@Import(StubRunnerConfiguration.class)
class DevelopmentServices {

	/** The content whose size and checksum the storage stub reports. */
	static final String SAMPLE_CONTENT = "artstore sample file";

	@Bean
	ApplicationListener<ApplicationReadyEvent> uploadCommandPrinter() {
		return (event) -> {
			String port = event.getApplicationContext().getEnvironment().getProperty("local.server.port");
			Instant now = Instant.now();
			String token = TestTokens.trusted()
				.token((claims) -> claims.subject("dev-user")
					.claim("role", "user")
					.issuedAt(now)
					.notBefore(now)
					.expiresAt(now.plus(Duration.ofHours(12))));
			System.out.println(
					"""

							The ingester is ready on http://localhost:%s, with the Admin and Storage stubs.
							Upload a file (the storage stub answers with the checksum of "%s"):

							printf '%s' | curl -sS -H 'Authorization: Bearer %s' -F description=hello -F 'file=@-;filename=sample.txt' http://localhost:%s/api/v1/files/upload

							"""
						.formatted(port, SAMPLE_CONTENT, SAMPLE_CONTENT, token, port));
		};
	}

}
