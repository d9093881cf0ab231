package io.artstore.ingester.admin;

import java.net.URI;
import java.time.Duration;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import reactor.test.StepVerifier;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.data.redis.connection.RedisStandaloneConfiguration;
import org.springframework.data.redis.connection.lettuce.LettuceClientConfiguration;
import org.springframework.data.redis.connection.lettuce.LettuceConnectionFactory;
import org.springframework.data.redis.core.ReactiveStringRedisTemplate;
import org.springframework.test.util.TestSocketUtils;
import org.springframework.web.reactive.function.client.WebClient;

import io.artstore.ingester.support.IngesterIntegrationTests;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Redis is a cache: with a Redis client whose server is gone, the service token and the
 * storage elements still come (from the Admin Module stub, then from memory), and the
 * cache's health is {@code DEGRADED}, not {@code DOWN}.
 */
class RedisDownTests extends IngesterIntegrationTests {

	@Autowired
	WebClient.Builder webClientBuilder;

	@Autowired
	JsonMapper jsonMapper;

	private LettuceConnectionFactory deadRedis;

	private ReactiveStringRedisTemplate redis;

	private AdminProperties properties;

	@BeforeEach
	void redisWhoseServerIsGone() {
		LettuceClientConfiguration client = LettuceClientConfiguration.builder()
			.commandTimeout(Duration.ofSeconds(1))
			.build();
		this.deadRedis = new LettuceConnectionFactory(
				new RedisStandaloneConfiguration("127.0.0.1", TestSocketUtils.findAvailableTcpPort()), client);
		this.deadRedis.afterPropertiesSet();
		this.redis = new ReactiveStringRedisTemplate(this.deadRedis);
		this.properties = new AdminProperties(URI.create(adminStubUrl()), "artstore-ingester", "secret",
				Duration.ofSeconds(5), Duration.ofSeconds(60), Duration.ofSeconds(30), "redis-down:",
				Duration.ofMillis(300), Duration.ofMinutes(15));
	}

	@AfterEach
	void close() {
		this.deadRedis.destroy();
	}

	@Test
	void uploadsStillGetATokenAndElementsAndTheSecondTimeFromMemory() {
		AdminModuleClient admin = new AdminModuleClient(this.webClientBuilder, this.properties);
		ServiceTokenProvider tokens = new ServiceTokenProvider(admin, this.redis, this.properties);
		StorageElementDirectory directory = new StorageElementDirectory(admin, tokens, this.redis, this.jsonMapper,
				this.properties);

		for (int round = 0; round < 2; round++) {
			StepVerifier.create(directory.candidates("edit"))
				.assertNext((elements) -> assertThat(elements).extracting(StorageElement::elementId)
					.startsWith("se-edit-01"))
				.verifyComplete();
			StepVerifier.create(tokens.token()).assertNext((token) -> assertThat(token).isNotBlank()).verifyComplete();
		}
		assertThat(this.admin.requests()).as("Admin Module calls: once each, then from memory")
			.containsExactlyInAnyOrder("POST /api/v1/auth/token",
					"GET /api/v1/internal/storage-elements/available?mode=edit");
	}

	@Test
	void cacheHealthIsDegradedNotDown() {
		StepVerifier.create(new CacheHealthIndicator(this.redis).health())
			.assertNext((health) -> assertThat(health.getStatus()).isEqualTo(CacheHealthIndicator.DEGRADED))
			.verifyComplete();
	}

}
