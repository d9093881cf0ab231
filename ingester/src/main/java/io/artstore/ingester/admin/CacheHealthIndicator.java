package io.artstore.ingester.admin;

import java.time.Duration;

import reactor.core.publisher.Mono;

import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.ReactiveHealthIndicator;
import org.springframework.boot.health.contributor.Status;
import org.springframework.data.redis.core.ReactiveStringRedisTemplate;
import org.springframework.stereotype.Component;

/**
 * Redis as the ingester sees it: a cache it can do without. When Redis does not answer,
 * the status is {@code DEGRADED} (answered with 200, so the instance stays in service)
 * instead of {@code DOWN}: uploads go on with the caches in memory.
 */
@Component("cache")
class CacheHealthIndicator implements ReactiveHealthIndicator {

	/** Uploads work, with less shared between instances. */
	static final Status DEGRADED = new Status("DEGRADED", "Redis does not answer; caches are held in memory only");

	private final ReactiveStringRedisTemplate redis;

	CacheHealthIndicator(ReactiveStringRedisTemplate redis) {
		this.redis = redis;
	}

	@Override
	public Mono<Health> health() {
		return this.redis.execute((connection) -> connection.ping())
			.next()
			.timeout(Duration.ofSeconds(1))
			.map((pong) -> Health.up().build())
			.onErrorResume((ex) -> Mono.just(Health.status(DEGRADED).build()));
	}

}
