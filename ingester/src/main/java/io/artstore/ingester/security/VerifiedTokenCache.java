package io.artstore.ingester.security;

import java.time.Duration;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import reactor.core.publisher.Mono;

import org.springframework.security.oauth2.core.OAuth2TokenValidator;
import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.security.oauth2.jwt.ReactiveJwtDecoder;

/**
 * Caller tokens that passed every check once, kept in memory: a client sends the same
 * token with each upload, and parsing it and checking its RS256 signature again was 8 %
 * of the ingester's CPU per small upload (JFR, docs/performance-notes.md). A kept token
 * is validated again on every use ({@code exp}, {@code nbf}, the required claims, the
 * token type); only parsing and the signature check are skipped. Tokens that fail are
 * never kept, and a kept token that no longer validates is dropped and decoded anew,
 * which refuses it the usual way.
 */
final class VerifiedTokenCache implements ReactiveJwtDecoder {

	private final ReactiveJwtDecoder decoder;

	private final OAuth2TokenValidator<Jwt> validator;

	private final Cache<String, Jwt> verified;

	VerifiedTokenCache(ReactiveJwtDecoder decoder, OAuth2TokenValidator<Jwt> validator, int size, Duration ttl) {
		this.decoder = decoder;
		this.validator = validator;
		this.verified = Caffeine.newBuilder().maximumSize(size).expireAfterWrite(ttl).build();
	}

	@Override
	public Mono<Jwt> decode(String token) {
		Jwt kept = this.verified.getIfPresent(token);
		if (kept != null) {
			if (!this.validator.validate(kept).hasErrors()) {
				return Mono.just(kept);
			}
			this.verified.invalidate(token);
		}
		return this.decoder.decode(token).doOnNext((jwt) -> this.verified.put(token, jwt));
	}

}
