package io.artstore.ingester.admin;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.function.Function;
import java.util.function.Predicate;

import org.jspecify.annotations.Nullable;
import reactor.core.publisher.Mono;

import org.springframework.data.redis.core.ReactiveStringRedisTemplate;
import org.springframework.stereotype.Component;

/**
 * The ingester's own token for the Admin Module and the storage elements, held in memory
 * and shared through Redis with the other ingester instances, until shortly before it
 * expires. Redis is a cache only: when it fails or is slow, the token in memory or a new
 * one from the Admin Module serves, and a token in memory keeps uploads going while the
 * Admin Module is down. However many calls miss the held token at once, they share one
 * lookup, and those that need a new token share one request for it.
 */
@Component
public class ServiceTokenProvider {

	private final AdminModuleClient admin;

	private final ReactiveStringRedisTemplate redis;

	private final AdminProperties properties;

	private final String key;

	private final Clock clock = Clock.systemUTC();

	private volatile @Nullable Held held;

	/**
	 * The lookup in flight, shared by every call that misses the held token meanwhile.
	 */
	private final Mono<String> lookup = InFlight.shared(Mono.defer(this::heldCachedOrNew));

	/** The request for a new token in flight, shared likewise. */
	private final Mono<String> issue = InFlight.shared(Mono.defer(this::issueAndHold));

	ServiceTokenProvider(AdminModuleClient admin, ReactiveStringRedisTemplate redis, AdminProperties properties) {
		this.admin = admin;
		this.redis = redis;
		this.properties = properties;
		this.key = properties.cacheKeyPrefix() + "service-token:" + properties.clientId();
	}

	/**
	 * Calls a service with the cached token and, if the service rejects it, once more
	 * with a new one.
	 * @param <T> what the call answers
	 * @param call the call, given a token; called once or twice
	 * @param rejected whether a failure of the call means that the token was rejected
	 * @return what the call answered
	 */
	public <T> Mono<T> withToken(Function<String, Mono<T>> call, Predicate<Throwable> rejected) {
		return token().flatMap(call).onErrorResume(rejected, (ex) -> refresh().flatMap(call));
	}

	/** The token in memory, else the one in Redis, else a new one. */
	public Mono<String> token() {
		String held = heldToken();
		return (held != null) ? Mono.just(held) : this.lookup;
	}

	/**
	 * A new token, replacing the cached one: for when a service rejected the cached
	 * token.
	 */
	public Mono<String> refresh() {
		return this.issue;
	}

	private Mono<String> heldCachedOrNew() {
		// a lookup that ended just before this one began may have left a token
		String held = heldToken();
		if (held != null) {
			return Mono.just(held);
		}
		return this.redis.opsForValue()
			.get(this.key)
			.timeout(this.properties.cacheTimeout())
			.onErrorResume((ex) -> Mono.empty())
			.flatMap((token) -> this.redis.getExpire(this.key)
				.timeout(this.properties.cacheTimeout())
				.map((ttl) -> hold(token, ttl))
				.onErrorResume((ex) -> Mono.just(token)))
			.switchIfEmpty(this.issue);
	}

	private Mono<String> issueAndHold() {
		return this.admin.issueToken().flatMap((token) -> {
			Duration ttl = Duration.ofSeconds(token.expiresIn()).minus(this.properties.tokenRefreshMargin());
			if (ttl.isNegative() || ttl.isZero()) {
				this.held = null;
				return Mono.just(token.accessToken());
			}
			hold(token.accessToken(), ttl);
			return this.redis.opsForValue()
				.set(this.key, token.accessToken(), ttl)
				.timeout(this.properties.cacheTimeout())
				.onErrorResume((ex) -> Mono.just(false))
				.thenReturn(token.accessToken());
		});
	}

	/** The token held in memory, while it is fresh. */
	private @Nullable String heldToken() {
		Held current = this.held;
		return (current != null && this.clock.instant().isBefore(current.until())) ? current.token() : null;
	}

	/** Drops the token held in memory: the next call reads Redis again. */
	void forgetHeldToken() {
		this.held = null;
	}

	private String hold(String token, Duration ttl) {
		if (!ttl.isNegative() && !ttl.isZero()) {
			this.held = new Held(token, this.clock.instant().plus(ttl));
		}
		return token;
	}

	private record Held(String token, Instant until) {
	}

}
