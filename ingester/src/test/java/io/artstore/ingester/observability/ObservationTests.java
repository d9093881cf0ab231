package io.artstore.ingester.observability;

import java.time.Duration;

import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.MeterRegistry;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;

import io.artstore.ingester.support.IngesterIntegrationTests;
import io.artstore.ingester.support.TestTokens;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * What the ingester measures about its requests: request metrics, but not Spring
 * Security's observation of every filter, which cost a quarter of its CPU per small
 * upload.
 */
class ObservationTests extends IngesterIntegrationTests {

	@Autowired
	MeterRegistry meters;

	@Test
	void requestsAreMeasuredButNotEverySecurityFilter() {
		this.client.get()
			.uri("/api/v1/files/00000000-0000-0000-0000-000000000000")
			.headers((headers) -> headers.setBearerAuth(TestTokens.trusted().token("observer", "user")))
			.exchange()
			.expectStatus()
			.isNotFound();

		// the server records the request once its answer is written, which may be just
		// after the client has read it
		await().atMost(Duration.ofSeconds(5))
			.untilAsserted(() -> assertThat(this.meters.getMeters()).extracting((meter) -> meter.getId().getName())
				.contains("http.server.requests")
				.noneMatch((name) -> name.startsWith("spring.security")));
	}

}
