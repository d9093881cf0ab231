package io.artstore.ingester.support;

import java.time.Duration;

import org.junit.jupiter.api.BeforeEach;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.webtestclient.autoconfigure.AutoConfigureWebTestClient;
import org.springframework.cloud.contract.stubrunner.spring.AutoConfigureStubRunner;
import org.springframework.context.annotation.Import;
import org.springframework.data.r2dbc.core.R2dbcEntityTemplate;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.test.util.TestSocketUtils;
import org.springframework.test.web.reactive.server.WebTestClient;

import static org.awaitility.Awaitility.await;

/**
 * Base of the tests that run the whole ingester: on a random port, against the Admin and
 * Storage stubs that Stub Runner serves from the contract stub jars, and real PostgreSQL
 * and Redis. Every subclass shares one Spring context.
 *
 * <p>
 * The stubs run on free ports picked when the tests start. The Admin stub hands out
 * storage element URLs on the placeholder host {@code http://storage.stub}; the
 * ingester's own {@code ingester.storage.url-rewrites} maps that host to the storage
 * stub's port, keeping each element's base path ({@code /se-edit-01}, ...), which is how
 * the storage stub tells elements apart.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
		properties = { "LOG_FORMAT=text", "ingester.admin.client-id=artstore-ingester",
				"ingester.admin.client-secret=ingester-test-secret", "ingester.upload.max-file-size=2MB",
				"ingester.upload.max-form-overhead=64KB", "ingester.storage.replay-buffer=1MB",
				// Slow-client limits small enough to test in seconds; the idle timeout
				// stays above the Admin Module's 5 s timeout, which a body waits on while
				// the elements are looked up.
				"ingester.upload.max-concurrent-uploads=4", "ingester.upload.min-rate=1KB",
				"ingester.upload.min-rate-grace-period=2s", "ingester.upload.idle-timeout=6s",
				"ingester.upload.max-duration=10s", "server.netty.idle-timeout=3s" })
@AutoConfigureStubRunner
@AutoConfigureWebTestClient
@Import(TestServiceConnections.class)
public abstract class IngesterIntegrationTests {

	/** The content the storage stub reports the size and checksum of. */
	protected static final String SAMPLE_CONTENT = "artstore sample file";

	protected static final String SAMPLE_CHECKSUM = "a702c5cdc517ec270e1dfe4fc30d928922648a8bff9f296b7a55d43f844f04ea";

	/** The file id the storage stub gives every stored file. */
	protected static final String STUB_FILE_ID = "3b9e5a2c-8d1f-4e6a-b7c0-9f2e1d3c4b5a";

	private static final int ADMIN_STUB_PORT = TestSocketUtils.findAvailableTcpPort();

	private static final int STORAGE_STUB_PORT = TestSocketUtils.findAvailableTcpPort();

	@Autowired
	protected WebTestClient client;

	@Autowired
	protected R2dbcEntityTemplate database;

	protected final StubJournal storage = new StubJournal(storageStubUrl());

	protected final StubJournal admin = new StubJournal(adminStubUrl());

	@DynamicPropertySource
	static void testServices(DynamicPropertyRegistry registry) {
		IngesterTestProperties.withStubs(ADMIN_STUB_PORT, STORAGE_STUB_PORT)
			.forEach((name, value) -> registry.add(name, () -> value));
	}

	protected static int adminStubPort() {
		return ADMIN_STUB_PORT;
	}

	protected static int storageStubPort() {
		return STORAGE_STUB_PORT;
	}

	protected static String adminStubUrl() {
		return "http://127.0.0.1:" + ADMIN_STUB_PORT;
	}

	protected static String storageStubUrl() {
		return "http://127.0.0.1:" + STORAGE_STUB_PORT;
	}

	/**
	 * Starts each test with the stubs' journals empty, once no finalization an earlier
	 * test started runs on in the background (its requests would land in this test's
	 * journal).
	 */
	@BeforeEach
	void forgetEarlierStubRequests() {
		await().atMost(Duration.ofSeconds(30))
			.pollDelay(Duration.ZERO)
			.pollInterval(Duration.ofMillis(100))
			.alias("no finalization of an earlier test still running")
			.until(() -> this.database.getDatabaseClient()
				.sql("SELECT count(*) FROM finalizations WHERE status IN ('COPYING', 'COPIED', 'VERIFYING')")
				.map((row) -> row.get(0, Long.class))
				.one()
				.block(), (running) -> running == 0);
		this.storage.reset();
		this.admin.reset();
	}

}
