package io.artstore.ingester.admin;

import java.time.Duration;
import java.util.function.Function;
import java.util.function.Predicate;

import reactor.core.publisher.Mono;

import org.springframework.data.redis.core.ReactiveStringRedisTemplate;
import org.springframework.stereotype.Component;

/**
 * The ingester's own token for the Admin Module and the storage elements, cached in Redis
 * (so that every ingester instance shares it) until shortly before it expires.
 */
@Component
public class ServiceTokenProvider {

	private final AdminModuleClient admin;

	private final ReactiveStringRedisTemplate redis;

	private final AdminProperties properties;

	private final String key;

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

	/** The cached token, or a new one when none is cached. */
	public Mono<String> token() {
		return this.redis.opsForValue().get(this.key).switchIfEmpty(Mono.defer(this::refresh));
	}

	/**
	 * A new token, replacing the cached one: for when a service rejected the cached
	 * token.
	 */
	public Mono<String> refresh() {
		return this.admin.issueToken().flatMap((token) -> {
			Duration ttl = Duration.ofSeconds(token.expiresIn()).minus(this.properties.tokenRefreshMargin());
			if (ttl.isNegative() || ttl.isZero()) {
				return Mono.just(token.accessToken());
			}
			return this.redis.opsForValue().set(this.key, token.accessToken(), ttl).thenReturn(token.accessToken());
		});
	}

}
