package io.artstore.ingester.admin;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.netty.DisposableServer;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.data.redis.core.ReactiveStringRedisTemplate;
import org.springframework.http.HttpStatus;
import org.springframework.web.reactive.function.client.WebClient;
import org.springframework.web.reactive.function.server.ServerResponse;

import io.artstore.ingester.support.IngesterIntegrationTests;
import io.artstore.reference.admin.ReferenceAdminModule;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * However many uploads miss the cached service token and element list at once, the Admin
 * Module gets one request for each: the first 50 uploads after a start, or after the list
 * expires, do not each ask. The reference Admin Module holds its answers for 300 ms, so
 * that every call comes while the first request is in flight. Real Redis, an empty cache.
 */
class ConcurrentMissesTests extends IngesterIntegrationTests {

	private static final Pattern CALLS_STAT = Pattern.compile("calls=(\\d+)");

	private static final int CALLS = 50;

	@Autowired
	WebClient.Builder webClientBuilder;

	@Autowired
	JsonMapper jsonMapper;

	@Autowired
	ReactiveStringRedisTemplate redis;

	private final Map<String, AtomicInteger> requests = new ConcurrentHashMap<>();

	private volatile boolean failing;

	private DisposableServer adminModule;

	private ServiceTokenProvider tokens;

	private StorageElementDirectory directory;

	@BeforeEach
	void slowAdminModuleAndAnEmptyCache() {
		this.adminModule = ReferenceAdminModule.create().serve(0, (request, next) -> {
			this.requests.computeIfAbsent(request.method() + " " + request.path(), (key) -> new AtomicInteger())
				.incrementAndGet();
			Mono<ServerResponse> answer = this.failing ? ServerResponse.status(HttpStatus.INTERNAL_SERVER_ERROR).build()
					: next.handle(request);
			return answer.delayElement(Duration.ofMillis(300));
		});
		AdminProperties properties = new AdminProperties(ReferenceAdminModule.baseUrl(this.adminModule),
				"artstore-contract-verifier", "contract-verifier-secret", Duration.ofSeconds(5), Duration.ofSeconds(60),
				Duration.ofSeconds(30), "concurrent-misses-" + UUID.randomUUID() + ":", Duration.ofMillis(300),
				Duration.ofMinutes(15));
		AdminModuleClient admin = new AdminModuleClient(this.webClientBuilder, properties);
		this.tokens = new ServiceTokenProvider(admin, this.redis, properties);
		this.directory = new StorageElementDirectory(admin, this.tokens, this.redis, this.jsonMapper, properties);
	}

	@AfterEach
	void stop() {
		this.adminModule.disposeNow();
	}

	@Test
	void fiftyConcurrentMissesMakeOneTokenRequestAndOneListRequest() {
		List<List<StorageElement>> answers = Flux.range(0, CALLS)
			.flatMap((call) -> this.directory.candidates("edit"), CALLS)
			.collectList()
			.block(Duration.ofSeconds(10));

		assertThat(answers).hasSize(CALLS).allSatisfy((elements) -> assertThat(elements).isNotEmpty());
		assertThat(counts())
			.isEqualTo(Map.of("POST /api/v1/auth/token", 1, "GET /api/v1/internal/storage-elements/available", 1));

		// held now: more calls ask nobody
		Flux.range(0, CALLS).flatMap((call) -> this.directory.candidates("edit"), CALLS).blockLast();
		assertThat(counts()).containsEntry("GET /api/v1/internal/storage-elements/available", 1);
	}

	@Test
	void fiftyConcurrentCallsThatNeedANewTokenShareOneRequest() {
		List<String> issued = Flux.range(0, CALLS)
			.flatMap((call) -> this.tokens.refresh(), CALLS)
			.collectList()
			.block(Duration.ofSeconds(10));

		assertThat(issued).hasSize(CALLS).containsOnly(issued.get(0));
		assertThat(counts()).isEqualTo(Map.of("POST /api/v1/auth/token", 1));
	}

	@Test
	void aFailedLookupIsSharedByTheCallsThatWaitedOnItAndNotKeptForTheNext() {
		this.failing = true;
		List<Object> outcomes = Flux.range(0, CALLS)
			.flatMap((call) -> this.tokens.token().<Object>map((token) -> token).onErrorResume(Mono::just), CALLS)
			.collectList()
			.block(Duration.ofSeconds(30));
		assertThat(outcomes).hasSize(CALLS).allSatisfy((outcome) -> assertThat(outcome).isInstanceOf(Throwable.class));
		assertThat(counts()).as("one request, not one per call").containsEntry("POST /api/v1/auth/token", 1);

		this.failing = false;
		assertThat(this.tokens.token().block(Duration.ofSeconds(10))).isNotBlank();
		assertThat(counts()).as("the failure was not kept").containsEntry("POST /api/v1/auth/token", 2);
	}

	@Test
	void fiftyConcurrentMissesOfTheHeldTokenShareOneCacheRead() {
		// another instance's token in Redis: every miss could find it there on its own
		this.tokens.refresh().block(Duration.ofSeconds(10));
		HeldTokens.forget(this.tokens);
		long readsBefore = redisCalls("get");

		List<String> tokens = Flux.range(0, CALLS)
			.flatMap((call) -> this.tokens.token(), CALLS)
			.collectList()
			.block(Duration.ofSeconds(10));

		assertThat(tokens).hasSize(CALLS).containsOnly(tokens.get(0));
		assertThat(counts()).as("taken from Redis, not issued again").containsEntry("POST /api/v1/auth/token", 1);
		// other clients of the shared Redis may read meanwhile: far fewer than one
		// per call
		assertThat(redisCalls("get") - readsBefore).as("Redis reads of 50 concurrent misses")
			.isBetween(1L, (long) CALLS / 10);
	}

	/** How often Redis ran a command, from {@code INFO commandstats}. */
	private long redisCalls(String command) {
		String stats = this.redis.execute((connection) -> connection.serverCommands().info("commandstats"))
			.map((info) -> info.getProperty("cmdstat_" + command, "calls=0"))
			.blockFirst(Duration.ofSeconds(5));
		Matcher calls = CALLS_STAT.matcher(stats);
		assertThat(calls.find()).isTrue();
		return Long.parseLong(calls.group(1));
	}

	private Map<String, Integer> counts() {
		Map<String, Integer> counts = new java.util.TreeMap<>();
		this.requests.forEach((request, count) -> counts.put(request, count.get()));
		return counts;
	}

}
