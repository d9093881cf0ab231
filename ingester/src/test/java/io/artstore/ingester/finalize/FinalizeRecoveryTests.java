package io.artstore.ingester.finalize;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.netty.DisposableServer;
import reactor.netty.http.client.HttpClient;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.http.HttpMethod;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.test.util.TestSocketUtils;
import org.springframework.web.reactive.function.server.HandlerFilterFunction;
import org.springframework.web.reactive.function.server.ServerResponse;

import io.artstore.ingester.support.ForkedIngester;
import io.artstore.ingester.support.HeldAnswer;
import io.artstore.ingester.support.IngesterTestProperties;
import io.artstore.ingester.support.LedgerQueries;
import io.artstore.ingester.support.RawUpload;
import io.artstore.ingester.support.TestServices;
import io.artstore.ingester.support.TestTokens;
import io.artstore.reference.admin.ReferenceAdminModule;
import io.artstore.reference.storage.ReferenceStorageElement;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Finalization end to end, through ingesters in JVMs of their own, against the reference
 * producers of the contracts (an Admin Module, an edit and an rw element that offer only
 * the real services' API). Each defect of the upstream finalization has its test here:
 * the file is streamed (a gibibyte through a 128 MiB heap), the transaction is a ledger
 * row that outlives the process and is shared by instances, the answer is 202 while the
 * work goes on, a refused record is never reported completed and its copy is removed, a
 * retry after a rollback works, and the temporary copy is removed after the grace period.
 */
class FinalizeRecoveryTests {

	private static final JsonMapper json = JsonMapper.builder().build();

	/** A left-behind finalization is stale 6 s after its last sign of life. */
	private static final Map<String, String> TIMINGS = Map.of("ingester.upload.max-duration", "2s",
			"ingester.storage.max-attempts", "1", "ingester.storage.response-timeout", "5s", "ingester.admin.timeout",
			"3s", "ingester.reconciler.enabled", "true", "ingester.reconciler.stale-after", "20s",
			"ingester.reconciler.interval", "1s", "ingester.reconciler.lease", "10s",
			"ingester.reconciler.first-backoff", "1s", "ingester.finalize.stale-after", "6s");

	private final HeldAnswer copyAnswer = HeldAnswer.afterTheWork(
			(request) -> request.method() == HttpMethod.POST && request.path().endsWith("/api/v1/files/upload"));

	/** The file whose record at the Admin Module or download is held next. */
	private volatile String heldFile = "";

	private final HeldAnswer recordAnswer = HeldAnswer.afterTheWork(
			(request) -> request.method() == HttpMethod.PUT && request.path().equals("/api/v1/files/" + this.heldFile));

	private final HeldAnswer download = HeldAnswer.beforeTheWork(
			(request) -> request.method() == HttpMethod.GET && request.path().endsWith(this.heldFile + "/download"));

	private final AtomicBoolean refuseNextRecord = new AtomicBoolean();

	private final AtomicReference<@Nullable String> holdLookupsOf = new AtomicReference<>();

	private final List<DisposableServer> servers = new ArrayList<>();

	private final List<ForkedIngester> ingesters = new ArrayList<>();

	private final String uploader = "finalize-" + UUID.randomUUID();

	private final String token = TestTokens.trusted().token(this.uploader, "user");

	private ReferenceAdminModule admin;

	private ReferenceStorageElement edit;

	private ReferenceStorageElement rw;

	private final AtomicBoolean rwFull = new AtomicBoolean();

	private LedgerQueries ledger;

	private Map<String, String> properties;

	@AfterEach
	void stop() {
		this.ingesters.forEach(ForkedIngester::kill);
		this.servers.forEach(DisposableServer::disposeNow);
	}

	@Test
	void aTemporaryUploadIsFinalizedOnceAndItsTemporaryCopyRemovedAfterTheGracePeriod() throws Exception {
		startProducers("finalize_once", "6s");
		ForkedIngester ingester = start("256m", "once");
		byte[] content = randomBytes(1, 300_000);
		UUID fileId = upload(ingester, content, "temporary");

		// four requests at once: one finalization
		List<Answer> answers = Flux.range(0, 4)
			.flatMap((i) -> post(ingester, fileId))
			.collectList()
			.block(Duration.ofSeconds(30));
		assertThat(answers).extracting(Answer::status).allMatch((status) -> status == 202 || status == 200);
		assertThat(answers).extracting((answer) -> answer.body().get("transaction_id").asString())
			.containsOnly(answers.get(0).body().get("transaction_id").asString());
		String transaction = answers.get(0).body().get("transaction_id").asString();

		JsonNode completed = awaitEnded(ingester, transaction);
		assertThat(completed.get("status").asString()).isEqualTo("completed");
		Map<String, @Nullable Object> registered = this.admin.registeredFile(fileId);
		assertThat(registered).containsEntry("retention_policy", "permanent")
			.containsEntry("storage_element_id", "se-rw-01")
			.containsEntry("ttl_days", null);
		assertThat(registered.get("finalized_at")).isNotNull();
		assertThat(sha256(this.rw.path(fileId))).isEqualTo(registered.get("checksum_sha256"))
			.isEqualTo(sha256(content));
		assertThat(this.edit.fileIds()).as("the temporary copy, within the grace period").contains(fileId);

		await().atMost(Duration.ofSeconds(30)).until(() -> !this.edit.fileIds().contains(fileId));
		assertThat(awaitEnded(ingester, transaction).get("source_cleanup").asString()).isEqualTo("removed");
		assertThat(this.admin.registeredFile(fileId)).containsEntry("storage_element_id", "se-rw-01");
		assertThat(this.rw.fileIds()).containsExactly(fileId);
		assertThat(this.edit.fileIds()).doesNotContain(fileId);

		Answer again = post(ingester, fileId).block(Duration.ofSeconds(10));
		assertThat(again.status()).isEqualTo(200);
		assertThat(again.body().get("transaction_id").asString()).isEqualTo(transaction);

		// curl -F file=@x -F description=y -F retention_policy=permanent: the fields
		// after the file
		byte[] late = randomBytes(7, 100_000);
		RawUpload.Answer lateAnswer = RawUpload
			.send(ingester.baseUrl(), this.token, Map.of(), "late.bin", Flux.just(Unpooled.wrappedBuffer(late)),
					inOrder("description", "sent after the file", "retention_policy", "permanent"),
					Duration.ofSeconds(30))
			.block();
		assertThat(lateAnswer.status()).as(lateAnswer.body()).isEqualTo(201);
		JsonNode lateUpload = json.readTree(lateAnswer.body());
		UUID lateId = UUID.fromString(lateUpload.get("file_id").asString());
		assertThat(awaitEnded(ingester, lateUpload.get("finalize_transaction_id").asString()).get("status").asString())
			.isEqualTo("completed");
		assertThat(this.admin.registeredFile(lateId)).containsEntry("retention_policy", "permanent")
			.containsEntry("storage_element_id", "se-rw-01")
			.containsEntry("description", "sent after the file");
		assertThat(sha256(this.rw.path(lateId))).isEqualTo(sha256(late));

		UUID permanent = upload(ingester, randomBytes(2, 1000), "permanent");
		Answer refused = post(ingester, permanent).block(Duration.ofSeconds(10));
		assertThat(refused.status()).isEqualTo(409);
		assertThat(refused.body().get("type").asString()).isEqualTo("https://artstore.io/problems/file-not-temporary");
	}

	@Test
	void failedFinalizationsAreRolledBackNeverReportedCompletedAndCanBeRetried() throws Exception {
		startProducers("finalize_refused", "24h");
		ForkedIngester ingester = start("256m", "refused");
		UUID fileId = upload(ingester, randomBytes(3, 50_000), "temporary");

		this.refuseNextRecord.set(true);
		Answer first = post(ingester, fileId).block(Duration.ofSeconds(10));
		JsonNode undone = awaitEnded(ingester, first.body().get("transaction_id").asString());
		assertThat(undone.get("status").asString()).isEqualTo("rolled_back");
		assertThat(undone.get("error_type").asString()).isEqualTo("https://artstore.io/problems/registration-failed");
		assertThat(undone.get("finalized_at").isNull()).isTrue();
		assertThat(this.rw.fileIds()).as("the copy on the rw element, removed").doesNotContain(fileId);
		assertThat(this.admin.registeredFile(fileId)).containsEntry("retention_policy", "temporary")
			.containsEntry("storage_element_id", "se-edit-01");

		// the same file id goes to the same rw element again: nothing of the first is
		// left
		Answer retry = post(ingester, fileId).block(Duration.ofSeconds(10));
		assertThat(retry.status()).isEqualTo(202);
		assertThat(retry.body().get("transaction_id").asString())
			.isNotEqualTo(first.body().get("transaction_id").asString());
		assertThat(awaitEnded(ingester, retry.body().get("transaction_id").asString()).get("status").asString())
			.isEqualTo("completed");
		assertThat(this.admin.registeredFile(fileId)).containsEntry("storage_element_id", "se-rw-01");

		// the rw element stores a copy, and neither its answer nor its look-up comes
		// back; it may still be writing, so a reconciler is left to remove the copy
		UUID lost = upload(ingester, randomBytes(8, 50_000), "temporary");
		this.copyAnswer.arm();
		this.holdLookupsOf.set(lost.toString());
		Answer started = post(ingester, lost).block(Duration.ofSeconds(10));
		String transaction = started.body().get("transaction_id").asString();
		assertThat(this.copyAnswer.awaitHeld(Duration.ofSeconds(30))).as("rw element stored the copy").isTrue();
		await().atMost(Duration.ofSeconds(30))
			.until(() -> this.ledger.count("SELECT count(*) FROM finalizations WHERE status = 'FAILED'"
					+ " AND transaction_id = '" + transaction + "'") == 1);
		assertThat(this.rw.fileIds()).as("the copy, not removed while the element may still write it").contains(lost);
		this.holdLookupsOf.set(null);
		JsonNode undoneLater = awaitEnded(ingester, transaction);
		assertThat(undoneLater.get("status").asString()).isEqualTo("rolled_back");
		assertThat(undoneLater.get("error_type").asString())
			.isEqualTo("https://artstore.io/problems/storage-element-failed");
		assertThat(this.rw.fileIds()).doesNotContain(lost);
		assertThat(this.admin.registeredFile(lost)).containsEntry("storage_element_id", "se-edit-01");

		// an rw element that refuses stored nothing: the finalization fails naming no
		// target, and the file may be finalized again once the element takes files
		this.rwFull.set(true);
		Answer unreachable = post(ingester, lost).block(Duration.ofSeconds(10));
		JsonNode failed = awaitEnded(ingester, unreachable.body().get("transaction_id").asString());
		assertThat(failed.get("status").asString()).isEqualTo("failed");
		assertThat(failed.get("target_storage_element_id").isNull()).isTrue();
		assertThat(failed.get("error_type").asString()).isEqualTo("https://artstore.io/problems/no-storage-available");
		this.rwFull.set(false);
		Answer again = post(ingester, lost).block(Duration.ofSeconds(10));
		assertThat(again.body().get("transaction_id").asString())
			.isNotEqualTo(unreachable.body().get("transaction_id").asString());
		assertThat(awaitEnded(ingester, again.body().get("transaction_id").asString()).get("status").asString())
			.isEqualTo("completed");
	}

	@Test
	void ingestersKilledAtEachStepOfAFinalizationLeaveItCompletedOrUndone() throws Exception {
		startProducers("finalize_crash", "24h");
		ForkedIngester ingester = start("256m", "crash", false);
		UUID copied = upload(ingester, randomBytes(4, 200_000), "temporary");
		UUID recordedAtAdmin = upload(ingester, randomBytes(5, 200_000), "temporary");
		UUID downloading = upload(ingester, randomBytes(6, 200_000), "temporary");

		// 1. the rw element stored the copy, its answer is on its way; the caller was
		// answered 202 long before
		this.copyAnswer.arm();
		Answer accepted = post(ingester, copied).block(Duration.ofSeconds(10));
		assertThat(accepted.status()).isEqualTo(202);
		assertThat(accepted.body().get("status").asString()).isEqualTo("copying");
		assertThat(this.copyAnswer.awaitHeld(Duration.ofSeconds(30))).as("rw element stored the copy").isTrue();
		ingester.kill();

		// 2. the Admin Module recorded the move, its answer is on its way
		ingester = start("256m", "crash", false);
		this.heldFile = recordedAtAdmin.toString();
		this.recordAnswer.arm();
		post(ingester, recordedAtAdmin).block(Duration.ofSeconds(10));
		assertThat(this.recordAnswer.awaitHeld(Duration.ofSeconds(30))).as("registry recorded the move").isTrue();
		ingester.kill();

		// 3. the source's bytes are on their way to the rw element
		ingester = start("256m", "crash", false);
		this.heldFile = downloading.toString();
		this.download.arm();
		post(ingester, downloading).block(Duration.ofSeconds(10));
		assertThat(this.download.awaitHeld(Duration.ofSeconds(30))).as("download started").isTrue();
		ingester.kill();
		Map<String, Integer> afterCrashes = finalizationsByStatus();
		List<String> rowsAfterCrashes = this.ledger
			.rows("SELECT file_id, status, target_element_id, error_type, error_message FROM finalizations");

		// 4. two ingesters on the ledger settle what was left
		ForkedIngester first = start("256m", "crash");
		ForkedIngester second = start("256m", "crash-second");
		await().atMost(Duration.ofSeconds(90))
			.pollInterval(Duration.ofMillis(500))
			.until(() -> this.ledger.count("SELECT count(*) FROM finalizations WHERE status IN"
					+ " ('COPYING', 'COPIED', 'VERIFYING') OR (status = 'FAILED' AND target_element_id IS NOT NULL)") == 0);
		Map<String, Integer> settled = finalizationsByStatus();

		// the undone one again, through both ingesters at once: one finalization
		List<Answer> retries = Flux.just(first, second)
			.flatMap((each) -> post(each, downloading))
			.collectList()
			.block(Duration.ofSeconds(30));
		assertThat(retries).extracting((answer) -> answer.body().get("transaction_id").asString())
			.hasSize(2)
			.containsOnly(retries.get(0).body().get("transaction_id").asString());
		awaitEnded(first, retries.get(0).body().get("transaction_id").asString());
		Map<String, Integer> afterRetry = finalizationsByStatus();

		System.out.println("Finalization, killed at each step: rows after the kills " + afterCrashes + ", settled "
				+ settled + ", after the retry " + afterRetry + ", on the rw element " + this.rw.fileIds().size()
				+ ", permanent in the registry " + permanentOnRw(copied, recordedAtAdmin, downloading));
		assertThat(afterCrashes).as("rows after the kills: %s", rowsAfterCrashes)
			.isEqualTo(Map.of("COPYING", 2, "VERIFYING", 1));
		assertThat(settled).isEqualTo(Map.of("COMPLETED", 2, "ROLLED_BACK", 1));
		assertThat(afterRetry).isEqualTo(Map.of("COMPLETED", 3, "ROLLED_BACK", 1));
		assertThat(this.rw.fileIds()).containsExactlyInAnyOrder(copied, recordedAtAdmin, downloading);
		for (UUID fileId : List.of(copied, recordedAtAdmin, downloading)) {
			assertThat(this.admin.registeredFile(fileId)).containsEntry("retention_policy", "permanent")
				.containsEntry("storage_element_id", "se-rw-01");
			assertThat(sha256(this.rw.path(fileId)))
				.isEqualTo(this.admin.registeredFile(fileId).get("checksum_sha256"));
		}
		assertThat(this.ledger.ids("SELECT file_id FROM finalizations WHERE status = 'COMPLETED'"))
			.as("every copy on the rw element named by a completed finalization")
			.containsExactlyInAnyOrderElementsOf(this.rw.fileIds());
	}

	@Test
	void aGibibyteIsFinalizedThroughAnIngesterWithA128MibHeap() throws Exception {
		startProducers("finalize_large", "24h");
		// a gibibyte's upload takes longer than the other tests allow
		this.properties.put("ingester.upload.max-duration", "150s");
		this.properties.put("ingester.reconciler.stale-after", "300s");
		ForkedIngester ingester = start("128m", "large");
		long size = 1024L * 1024 * 1024;
		MessageDigest sent = MessageDigest.getInstance("SHA-256");
		Flux<ByteBuf> content = Flux.range(0, 1024).map((index) -> {
			byte[] chunk = randomBytes(index, 1024 * 1024);
			sent.update(chunk);
			return Unpooled.wrappedBuffer(chunk);
		});
		RawUpload.Answer uploaded = RawUpload
			.send(ingester.baseUrl(), this.token, Map.of("retention_policy", "temporary"), "large.bin", content,
					Duration.ofMinutes(3))
			.block();
		assertThat(uploaded.status()).as(uploaded.body()).isEqualTo(201);
		UUID fileId = UUID.fromString(json.readTree(uploaded.body()).get("file_id").asString());
		String checksum = HexFormat.of().formatHex(sent.digest());

		Answer started = post(ingester, fileId).block(Duration.ofSeconds(10));
		JsonNode ended = awaitEnded(ingester, started.body().get("transaction_id").asString(), Duration.ofMinutes(3));
		System.out.println("Finalization of 1 GiB through -Xmx128m: " + ended + "; heap after: "
				+ ingester.jcmd("GC.heap_info").lines().findFirst().orElse(""));
		assertThat(ended.get("status").asString()).isEqualTo("completed");
		assertThat(ingester.isAlive()).isTrue();
		assertThat(Files.size(this.rw.path(fileId))).isEqualTo(size);
		assertThat(sha256(this.rw.path(fileId))).isEqualTo(checksum)
			.isEqualTo(this.admin.registeredFile(fileId).get("checksum_sha256"));
	}

	private String permanentOnRw(UUID... fileIds) {
		int permanent = 0;
		for (UUID fileId : fileIds) {
			Map<String, @Nullable Object> file = this.admin.registeredFile(fileId);
			if (file != null && "permanent".equals(file.get("retention_policy"))
					&& "se-rw-01".equals(file.get("storage_element_id"))) {
				permanent++;
			}
		}
		return permanent + " of " + fileIds.length;
	}

	private Map<String, Integer> finalizationsByStatus() {
		return this.ledger.grouped("SELECT status, count(*) FROM finalizations GROUP BY status");
	}

	private UUID upload(ForkedIngester ingester, byte[] content, String retention) {
		RawUpload.Answer answer = RawUpload
			.send(ingester.baseUrl(), this.token, Map.of("retention_policy", retention), "finalize.bin",
					Flux.just(Unpooled.wrappedBuffer(content)), Duration.ofSeconds(60))
			.block();
		assertThat(answer.status()).as(answer.body()).isEqualTo(201);
		return UUID.fromString(json.readTree(answer.body()).get("file_id").asString());
	}

	private Mono<Answer> post(ForkedIngester ingester, UUID fileId) {
		return HttpClient.create()
			.headers((headers) -> headers.set("Authorization", "Bearer " + this.token))
			.post()
			.uri(ingester.baseUrl() + "/api/v1/finalize/" + fileId)
			.responseSingle((response, bytes) -> bytes.asString()
				.defaultIfEmpty("{}")
				.map((text) -> new Answer(response.status().code(), json.readTree(text))));
	}

	private JsonNode awaitEnded(ForkedIngester ingester, String transactionId) {
		return awaitEnded(ingester, transactionId, Duration.ofSeconds(60));
	}

	private JsonNode awaitEnded(ForkedIngester ingester, String transactionId, Duration atMost) {
		JsonNode[] last = new JsonNode[1];
		await().atMost(atMost).pollInterval(Duration.ofMillis(200)).until(() -> {
			last[0] = HttpClient.create()
				.headers((headers) -> headers.set("Authorization", "Bearer " + this.token))
				.get()
				.uri(ingester.baseUrl() + "/api/v1/finalize/" + transactionId + "/status")
				.responseSingle((response, bytes) -> bytes.asString().map(json::readTree))
				.block(Duration.ofSeconds(10));
			String status = last[0].path("status").asString("");
			return status.equals("completed") || status.equals("rolled_back")
					|| (status.equals("failed") && last[0].path("target_storage_element_id").isNull());
		});
		return last[0];
	}

	private void startProducers(String databasePurpose, String cleanupAfter) throws IOException {
		int editPort = TestSocketUtils.findAvailableTcpPort();
		int rwPort = TestSocketUtils.findAvailableTcpPort();
		this.admin = ReferenceAdminModule.create(
				"[" + element(1, "se-edit-01", "edit", editPort) + ", " + element(2, "se-rw-01", "rw", rwPort) + "]");
		Path files = Files.createTempDirectory("finalize");
		this.edit = new ReferenceStorageElement(files.resolve("edit"), "edit", Long.MAX_VALUE)
			.withoutPendingEndpoints();
		this.rw = new ReferenceStorageElement(files.resolve("rw"), "rw", Long.MAX_VALUE).withoutPendingEndpoints();
		this.servers.add(this.edit.start(editPort, HeldAnswer.filter(this.download)));
		this.servers.add(this.rw.start(rwPort, rwFilter()));
		DisposableServer adminServer = this.admin.serve(0,
				HeldAnswer.filter(this.recordAnswer).andThen(refusingRecords()));
		this.servers.add(adminServer);
		TestServices.Database database = TestServices.get().newDatabase(databasePurpose);
		this.ledger = new LedgerQueries(database);
		this.properties = IngesterTestProperties
			.forkedWithAdminModule(ReferenceAdminModule.baseUrl(adminServer).toString(), database);
		this.properties.putAll(TIMINGS);
		this.properties.put("ingester.finalize.cleanup-after", cleanupAfter);
	}

	private static String element(int id, String elementId, String mode, int port) {
		return "{\"id\": " + id + ", \"element_id\": \"" + elementId + "\", \"name\": \"" + elementId
				+ "\", \"mode\": \"" + mode + "\", \"priority\": 10, \"api_url\": \"http://127.0.0.1:" + port
				+ "\", \"capacity_bytes\": 1099511627776, \"used_bytes\": 0, \"health_status\": \"healthy\","
				+ " \"capacity_status\": \"ok\"}";
	}

	private ForkedIngester start(String heap, String name) {
		return start(heap, name, true);
	}

	/**
	 * An ingester; one that does not reconcile leaves what the ingesters before it left
	 * alone, so that each kill leaves its own step behind.
	 */
	private ForkedIngester start(String heap, String name, boolean reconciling) {
		Map<String, String> properties = new TreeMap<>(this.properties);
		properties.put("ingester.reconciler.enabled", String.valueOf(reconciling));
		ForkedIngester ingester = ForkedIngester.start(heap, properties,
				Path.of("target", "finalize-recovery", name + "-" + this.ingesters.size() + ".log"));
		this.ingesters.add(ingester);
		return ingester;
	}

	private HandlerFilterFunction<ServerResponse, ServerResponse> rwFilter() {
		return HeldAnswer.filter(this.copyAnswer).andThen(heldLookups()).andThen((request, next) -> {
			if (this.rwFull.get() && request.method() == HttpMethod.POST) {
				return request.bodyToMono(String.class)
					.then(ServerResponse.status(HttpStatus.INSUFFICIENT_STORAGE)
						.contentType(MediaType.APPLICATION_JSON)
						.bodyValue("{\"detail\": \"Insufficient storage\"}"));
			}
			return next.handle(request);
		});
	}

	/** Holds every look-up of a file at the element, while asked to. */
	private HandlerFilterFunction<ServerResponse, ServerResponse> heldLookups() {
		return (request, next) -> {
			String held = this.holdLookupsOf.get();
			if (request.method() == HttpMethod.GET && held != null && request.path().endsWith(held)) {
				return Mono.never();
			}
			return next.handle(request);
		};
	}

	/** Refuses the next record of a finalization, once asked to. */
	private HandlerFilterFunction<ServerResponse, ServerResponse> refusingRecords() {
		return (request, next) -> {
			if (request.method() == HttpMethod.PUT && request.path().startsWith("/api/v1/files/")
					&& this.refuseNextRecord.compareAndSet(true, false)) {
				return request.bodyToMono(String.class)
					.then(ServerResponse.status(HttpStatus.BAD_REQUEST)
						.contentType(MediaType.APPLICATION_JSON)
						.bodyValue("{\"detail\": \"Refused by the test\"}"));
			}
			return next.handle(request);
		};
	}

	private static Map<String, String> inOrder(String... namesAndValues) {
		Map<String, String> fields = new LinkedHashMap<>();
		for (int i = 0; i < namesAndValues.length; i += 2) {
			fields.put(namesAndValues[i], namesAndValues[i + 1]);
		}
		return fields;
	}

	private static byte[] randomBytes(int seed, int size) {
		byte[] bytes = new byte[size];
		new Random(seed).nextBytes(bytes);
		return bytes;
	}

	private static String sha256(byte[] content) throws Exception {
		return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(content));
	}

	private static String sha256(@Nullable Path file) throws Exception {
		assertThat(file).as("the element holds the file").isNotNull();
		MessageDigest digest = MessageDigest.getInstance("SHA-256");
		try (InputStream in = Files.newInputStream(file)) {
			byte[] buffer = new byte[1 << 20];
			for (int read = in.read(buffer); read >= 0; read = in.read(buffer)) {
				digest.update(buffer, 0, read);
			}
		}
		return HexFormat.of().formatHex(digest.digest());
	}

	private record Answer(int status, JsonNode body) {
	}

}
