package io.artstore.ingester.upload;

import java.util.Map;

import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.webtestclient.autoconfigure.AutoConfigureWebTestClient;
import org.springframework.cloud.contract.stubrunner.spring.AutoConfigureStubRunner;
import org.springframework.http.MediaType;
import org.springframework.http.client.MultipartBodyBuilder;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.test.util.TestSocketUtils;
import org.springframework.test.web.reactive.server.WebTestClient;
import org.springframework.web.reactive.function.BodyInserters;

import io.artstore.ingester.support.IngesterTestProperties;
import io.artstore.ingester.support.StubJournal;
import io.artstore.ingester.support.TestServices;
import io.artstore.ingester.support.TestTokens;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * PostgreSQL down: an upload is refused with 503 {@code ledger-unavailable} and
 * {@code Retry-After} before a byte of it reaches a storage element. The ingester's
 * database is a port where nothing listens; Redis and the stubs are up.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
		properties = { "spring.liquibase.enabled=false", "ingester.admin.client-secret=ingester-test-secret" })
@AutoConfigureStubRunner
@AutoConfigureWebTestClient
class LedgerDownTests {

	private static final int ADMIN_STUB_PORT = TestSocketUtils.findAvailableTcpPort();

	private static final int STORAGE_STUB_PORT = TestSocketUtils.findAvailableTcpPort();

	@Autowired
	WebTestClient client;

	private final StubJournal storage = new StubJournal("http://127.0.0.1:" + STORAGE_STUB_PORT);

	@DynamicPropertySource
	static void deadDatabase(DynamicPropertyRegistry registry) {
		Map<String, String> properties = IngesterTestProperties.forkedWithStubs(ADMIN_STUB_PORT, STORAGE_STUB_PORT);
		properties.put("ingester.database.port", String.valueOf(TestSocketUtils.findAvailableTcpPort()));
		properties.put("ingester.admin.cache-key-prefix", TestServices.get().redisKeyPrefix() + "ledger-down:");
		properties.forEach((name, value) -> registry.add(name, () -> value));
	}

	@Test
	void uploadIsRefusedWith503BeforeAnyByteReachesAnElement() {
		this.storage.reset();
		MultipartBodyBuilder body = new MultipartBodyBuilder();
		body.part("file", "artstore sample file".getBytes()).filename("report.pdf");

		this.client.post()
			.uri("/api/v1/files/upload")
			.headers((headers) -> headers.setBearerAuth(TestTokens.trusted().token("ledger-down", "user")))
			.contentType(MediaType.MULTIPART_FORM_DATA)
			.body(BodyInserters.fromMultipartData(body.build()))
			.exchange()
			.expectStatus()
			.isEqualTo(503)
			.expectHeader()
			.exists("Retry-After")
			.expectHeader()
			.contentType(MediaType.APPLICATION_PROBLEM_JSON)
			.expectBody()
			.jsonPath("$.type")
			.isEqualTo("https://artstore.io/problems/ledger-unavailable");

		assertThat(this.storage.requests()).as("requests that reached the storage stub").isEmpty();
	}

}
