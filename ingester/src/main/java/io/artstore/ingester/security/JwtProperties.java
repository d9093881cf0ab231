package io.artstore.ingester.security;

import java.net.URI;
import java.time.Duration;
import java.util.List;

import org.jspecify.annotations.Nullable;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.core.io.Resource;

/**
 * How caller tokens are checked: where the public key that signs them comes from (set
 * exactly one of the two), which tokens may call the API, and how the JWK Set is fetched.
 *
 * @param publicKeyLocation a PEM file with the Admin Module's RSA public key (how
 * artStore's Admin Module works today), for example
 * {@code file:/etc/artstore/jwt-public.pem}
 * @param jwkSetUri a JWK Set endpoint (Keycloak, where the Go rewrite is heading)
 * @param clockSkew the leeway allowed on {@code exp} and {@code nbf}
 * @param acceptedTypes the values of the {@code type} claim that may call the API: the
 * Admin Module's access tokens for users and service accounts, never its {@code refresh}
 * tokens
 * @param maxLifetime the longest lifetime ({@code exp - iat}) a caller's token may have:
 * the Admin Module's access-token lifetime, so that its refresh tokens (7 days, and
 * otherwise the same claims as a service account's access token) are refused
 * @param issuer the {@code iss} a token must carry, or {@code null} to not check it (the
 * Admin Module sets none)
 * @param audiences the {@code aud} values of which a token must carry one, or empty to
 * not check it
 * @param jwkSetConnectTimeout how long connecting to the JWK Set endpoint may take
 * @param jwkSetReadTimeout how long reading the JWK Set may take
 * @param jwkSetMinRefetchInterval a token with a key id that the cached JWK Set lacks
 * makes the ingester fetch the set again at most once per this interval
 * @param jwkSetCacheTtl how long a fetched JWK Set is used before it is fetched again
 * @param verifiedCacheSize how many verified tokens are kept in memory, so that a
 * caller's next request with the same token skips parsing and the signature check (its
 * claims are checked again on every request); 0 turns the cache off
 * @param verifiedCacheTtl how long a verified token is kept, at most: a token whose
 * signing key was withdrawn from the JWK Set is accepted for up to this long, as it is
 * for up to {@code jwk-set-cache-ttl} by the cached set
 */
@ConfigurationProperties(prefix = "ingester.security.jwt", ignoreUnknownFields = false)
public record JwtProperties(@Nullable Resource publicKeyLocation, @Nullable URI jwkSetUri,
		@DefaultValue("30s") Duration clockSkew, @DefaultValue( {
				"access", "admin_user", "service_account" }) List<String> acceptedTypes,
		@DefaultValue("30m") Duration maxLifetime, @Nullable String issuer, @DefaultValue List<String> audiences,
		@DefaultValue("2s") Duration jwkSetConnectTimeout, @DefaultValue("5s") Duration jwkSetReadTimeout,
		@DefaultValue("30s") Duration jwkSetMinRefetchInterval, @DefaultValue("5m") Duration jwkSetCacheTtl,
		@DefaultValue("1000") int verifiedCacheSize, @DefaultValue("1m") Duration verifiedCacheTtl){

	public JwtProperties {
		if (acceptedTypes.isEmpty()) {
			throw new IllegalArgumentException("ingester.security.jwt.accepted-types needs at least one token type");
		}
		if (maxLifetime.isNegative() || maxLifetime.isZero()) {
			throw new IllegalArgumentException("ingester.security.jwt.max-lifetime must be positive");
		}
		if (jwkSetMinRefetchInterval.compareTo(jwkSetCacheTtl) >= 0) {
			throw new IllegalArgumentException(
					"ingester.security.jwt.jwk-set-min-refetch-interval must be shorter than jwk-set-cache-ttl");
		}
	}

}
