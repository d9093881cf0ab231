package io.artstore.ingester.upload;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.TreeMap;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

import io.netty.buffer.Unpooled;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Schedulers;
import reactor.netty.DisposableServer;
import reactor.netty.http.client.HttpClient;
import reactor.netty.resources.ConnectionProvider;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.http.HttpMethod;
import org.springframework.test.util.TestSocketUtils;

import io.artstore.ingester.support.ForkedIngester;
import io.artstore.ingester.support.HeldAnswer;
import io.artstore.ingester.support.IngesterTestProperties;
import io.artstore.ingester.support.LedgerQueries;
import io.artstore.ingester.support.RawUpload;
import io.artstore.ingester.support.RawUpload.Answer;
import io.artstore.ingester.support.TestServices;
import io.artstore.ingester.support.TestTokens;
import io.artstore.reference.admin.ReferenceAdminModule;
import io.artstore.reference.storage.ReferenceStorageElement;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Nothing is lost when the ingester's process dies: ingesters in JVMs of their own are
 * killed ({@code SIGKILL}) at each step of an upload and of its reconciliation, and under
 * load beside a second ingester on the same ledger; restarted, they settle what was left.
 * The producers offer only the real services' API (no pending endpoint). Afterwards:
 * every 201 is registered and stored exactly once, no registration lacks its bytes, every
 * copy on the element is registered or named by a record, nothing is registered twice,
 * and nothing is left to settle.
 */
class CrashRecoveryTests {

	private static final JsonMapper json = JsonMapper.builder().build();

	/**
	 * Short timeouts, so that a left-behind row is stale 20 s after it was written (an
	 * upload can take 18 s: 2 s of body, twice 5 s for the element, twice 3 s for the
	 * Admin Module).
	 */
	private static final Map<String, String> TIMINGS = Map.of("ingester.upload.max-duration", "2s",
			"ingester.storage.max-attempts", "1", "ingester.storage.response-timeout", "5s", "ingester.admin.timeout",
			"3s", "ingester.reconciler.enabled", "true", "ingester.reconciler.stale-after", "20s",
			"ingester.reconciler.interval", "1s", "ingester.reconciler.lease", "10s",
			"ingester.reconciler.first-backoff", "1s");

	private final HeldAnswer uploadAnswer = HeldAnswer.afterTheWork(
			(request) -> request.method() == HttpMethod.POST && request.path().endsWith("/api/v1/files/upload"));

	private final HeldAnswer registrationAnswer = HeldAnswer
		.afterTheWork((request) -> request.method() == HttpMethod.POST && request.path().equals("/api/v1/files"));

	private final HeldAnswer lookup = HeldAnswer
		.beforeTheWork((request) -> request.method() == HttpMethod.GET && request.path().startsWith("/api/v1/files/"));

	private final List<DisposableServer> servers = new ArrayList<>();

	private final List<ForkedIngester> ingesters = new ArrayList<>();

	private final String uploader = "crash-" + UUID.randomUUID();

	private final String token = TestTokens.trusted().token(this.uploader, "user");

	private ReferenceStorageElement element;

	private ReferenceAdminModule admin;

	private TestServices.Database database;

	private LedgerQueries ledger;

	private Map<String, String> properties;

	@AfterEach
	void stop() {
		this.ingesters.forEach(ForkedIngester::kill);
		this.servers.forEach(DisposableServer::disposeNow);
	}

	@Test
	void anIngesterKilledAtEachStepLeavesNothingThatIsNotSettledOnRestart() throws Exception {
		startProducers("crash_steps");
		ForkedIngester ingester = start(log("kill-at-each-step"));

		// 1. the element stored the file and its answer is on its way
		this.uploadAnswer.arm();
		Mono<Answer> first = send(ingester.baseUrl(), 1, 4096).cache();
		first.subscribe();
		assertThat(this.uploadAnswer.awaitHeld(Duration.ofSeconds(30))).as("element stored the first upload").isTrue();
		// 2. the Admin Module registered the second and its answer is on its way
		this.registrationAnswer.arm();
		Mono<Answer> second = send(ingester.baseUrl(), 2, 8192).cache();
		second.subscribe();
		assertThat(this.registrationAnswer.awaitHeld(Duration.ofSeconds(30))).as("registry stored the second upload")
			.isTrue();
		ingester.kill();
		assertThat(first.block(Duration.ofSeconds(10)).status()).isNotEqualTo(201);
		assertThat(second.block(Duration.ofSeconds(10)).status()).isNotEqualTo(201);
		Map<String, Integer> afterCrash = rowsByStatus();

		// 3. restarted, its reconciler is killed while it asks the registry
		this.lookup.arm();
		ingester = start(log("kill-at-each-step"));
		assertThat(this.lookup.awaitHeld(Duration.ofSeconds(60))).as("reconciler asked the registry").isTrue();
		ingester.kill();

		// 4. restarted again, it settles both
		start(log("kill-at-each-step"));
		Map<String, Integer> settled = awaitSettled();

		System.out.println("Crash recovery, kill at each step: rows after the crash " + afterCrash + ", settled "
				+ settled + ", registered " + this.admin.registeredFileIds().size() + ", on the element "
				+ this.element.fileIds().size() + ", copies " + copiesByStatus());
		assertThat(afterCrash).isEqualTo(Map.of("RECEIVED", 2));
		assertThat(settled).isEqualTo(Map.of("FAILED", 1, "REGISTERED", 1));
		assertThat(this.admin.registeredFileIds()).hasSize(1);
		assertInvariants(List.of());
	}

	@Test
	void twoIngestersOnOneLedgerLoseNothingWhenOneIsKilledUnderLoad() throws Exception {
		startProducers("crash_two");
		ForkedIngester first = start(log("two-ingesters-a"));
		ForkedIngester second = start(log("two-ingesters-b"));
		AtomicInteger answered = new AtomicInteger();
		AtomicBoolean killed = new AtomicBoolean();
		Random random = new Random(20261202L);
		List<Mono<Answer>> uploads = new ArrayList<>();
		for (int i = 0; i < 80; i++) {
			String baseUrl = (i % 2 == 0) ? first.baseUrl() : second.baseUrl();
			int size = 1024 << random.nextInt(9);
			int index = 100 + i;
			uploads.add(Mono.defer(() -> send(baseUrl, index, size)).doOnNext((answer) -> {
				if (answered.incrementAndGet() == 30 && killed.compareAndSet(false, true)) {
					Schedulers.boundedElastic().schedule(first::kill);
				}
			}));
		}
		List<Answer> answers = Flux.fromIterable(uploads)
			.flatMap((upload) -> upload, 16)
			.collectList()
			.block(Duration.ofMinutes(3));
		assertThat(killed).isTrue();
		Map<String, Integer> afterCrash = rowsByStatus();
		start(log("two-ingesters-a"));
		Map<String, Integer> settled = awaitSettled();

		Map<Integer, Integer> byStatus = new TreeMap<>();
		answers.forEach((answer) -> byStatus.merge(answer.status(), 1, Integer::sum));
		List<UUID> created = answers.stream()
			.filter((answer) -> answer.status() == 201)
			.map((answer) -> UUID.fromString(json.readTree(answer.body()).get("file_id").asString()))
			.toList();
		System.out.println(
				"Crash recovery, two ingesters, one killed under load: answers " + byStatus + ", rows after the crash "
						+ afterCrash + ", settled " + settled + ", registered " + this.admin.registeredFileIds().size()
						+ ", on the element " + this.element.fileIds().size() + ", copies " + copiesByStatus());
		assertThat(created).as("uploads that succeeded").hasSizeGreaterThan(20).doesNotHaveDuplicates();
		assertInvariants(created);
	}

	/**
	 * Every 201 registered and stored once; no registration without its bytes; every copy
	 * registered or named by a record; nothing registered twice; nothing left open.
	 */
	private void assertInvariants(List<UUID> created) {
		Set<UUID> registered = this.admin.registeredFileIds();
		Set<UUID> stored = this.element.fileIds();
		Set<UUID> registeredRows = this.ledger.ids("SELECT id FROM uploads WHERE status = 'REGISTERED'");
		Set<UUID> recorded = this.ledger.ids("SELECT COALESCE(storage_file_id, upload_id) FROM stray_copies"
				+ " WHERE status IN ('SUSPECTED', 'ORPHANED')");
		assertThat(registered).as("registered files with their bytes on the element").isSubsetOf(stored);
		assertThat(registered).as("registered files with a REGISTERED row").isEqualTo(registeredRows);
		assertThat(created).as("every 201 registered").isSubsetOf(registered);
		Set<UUID> unnamed = new HashSet<>(stored);
		unnamed.removeAll(registered);
		unnamed.removeAll(recorded);
		assertThat(unnamed).as("copies on the element that no registration or record names").isEmpty();
		assertThat(this.admin.duplicateRegistrations()).as("files registered twice").isZero();
		assertThat(
				this.ledger.count("SELECT count(*) FROM uploads WHERE status IN ('RECEIVED', 'STORED', 'UNCERTAIN')"))
			.as("uploads still open")
			.isZero();
	}

	private Map<String, Integer> awaitSettled() {
		await().atMost(Duration.ofSeconds(90))
			.pollInterval(Duration.ofMillis(500))
			.until(() -> this.ledger
				.count("SELECT count(*) FROM uploads WHERE status IN ('RECEIVED', 'STORED', 'UNCERTAIN')") == 0
					&& this.ledger.count("SELECT count(*) FROM stray_copies WHERE status = 'SUSPECTED'") == 0);
		return rowsByStatus();
	}

	private void startProducers(String databasePurpose) throws IOException {
		int elementPort = TestSocketUtils.findAvailableTcpPort();
		this.admin = ReferenceAdminModule
			.create("[{\"id\": 1, \"element_id\": \"se-edit-01\", \"name\": \"se-edit-01\","
					+ " \"mode\": \"edit\", \"priority\": 10, \"api_url\": \"http://127.0.0.1:" + elementPort + "\","
					+ " \"capacity_bytes\": 1099511627776, \"used_bytes\": 0, \"health_status\": \"healthy\","
					+ " \"capacity_status\": \"ok\"}]");
		this.element = new ReferenceStorageElement(Files.createTempDirectory("crash-recovery"), "edit", Long.MAX_VALUE)
			.withoutPendingEndpoints();
		this.servers.add(this.element.start(elementPort, HeldAnswer.filter(this.uploadAnswer)));
		DisposableServer adminServer = this.admin.serve(0, HeldAnswer.filter(this.registrationAnswer, this.lookup));
		this.servers.add(adminServer);
		this.database = TestServices.get().newDatabase(databasePurpose);
		this.ledger = new LedgerQueries(this.database);
		this.properties = IngesterTestProperties
			.forkedWithAdminModule(ReferenceAdminModule.baseUrl(adminServer).toString(), this.database);
		this.properties.putAll(TIMINGS);
	}

	private ForkedIngester start(Path log) {
		ForkedIngester ingester = ForkedIngester.start("256m", this.properties, log);
		this.ingesters.add(ingester);
		return ingester;
	}

	private Mono<Answer> send(String baseUrl, int index, int size) {
		byte[] content = new byte[size];
		new Random(index).nextBytes(content);
		return RawUpload.send(baseUrl, this.token, Map.of(), "crash-" + index + ".bin",
				Flux.just(Unpooled.wrappedBuffer(content)), Duration.ofSeconds(60));
	}

	private Map<String, Integer> rowsByStatus() {
		return this.ledger.grouped("SELECT status, count(*) FROM uploads GROUP BY status");
	}

	private Map<String, Integer> copiesByStatus() {
		return this.ledger.grouped("SELECT status, count(*) FROM stray_copies GROUP BY status");
	}

	/** A log of its own for each start of an ingester. */
	private Path log(String name) {
		return Path.of("target", "crash-recovery", name + "-" + this.ingesters.size() + ".log");
	}

}
