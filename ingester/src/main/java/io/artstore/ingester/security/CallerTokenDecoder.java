package io.artstore.ingester.security;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.MalformedURLException;
import java.security.interfaces.RSAPublicKey;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import com.nimbusds.jose.KeySourceException;
import com.nimbusds.jose.jwk.JWK;
import com.nimbusds.jose.jwk.JWKMatcher;
import com.nimbusds.jose.jwk.JWKSelector;
import com.nimbusds.jose.jwk.source.JWKSource;
import com.nimbusds.jose.jwk.source.JWKSourceBuilder;
import com.nimbusds.jose.proc.SecurityContext;
import com.nimbusds.jose.util.DefaultResourceRetriever;
import com.nimbusds.jwt.SignedJWT;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Schedulers;

import org.springframework.security.converter.RsaKeyConverters;
import org.springframework.security.oauth2.core.DelegatingOAuth2TokenValidator;
import org.springframework.security.oauth2.core.OAuth2TokenValidator;
import org.springframework.security.oauth2.jose.jws.SignatureAlgorithm;
import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.security.oauth2.jwt.JwtClaimNames;
import org.springframework.security.oauth2.jwt.MappedJwtClaimSetConverter;
import org.springframework.security.oauth2.jwt.JwtClaimValidator;
import org.springframework.security.oauth2.jwt.JwtIssuerValidator;
import org.springframework.security.oauth2.jwt.JwtTimestampValidator;
import org.springframework.security.oauth2.jwt.JwtTypeValidator;
import org.springframework.security.oauth2.jwt.NimbusReactiveJwtDecoder;
import org.springframework.security.oauth2.jwt.ReactiveJwtDecoder;

/**
 * Builds the decoder of caller tokens: RS256 only, against a PEM public key or a JWK Set,
 * with every check the ingester relies on. The checks replace Spring Security's defaults,
 * so the defaults' JOSE {@code typ} check is added back explicitly.
 *
 * <p>
 * A JWK Set comes through Nimbus's {@link JWKSourceBuilder}: fetched with connect and
 * read timeouts and a size limit, cached, and refetched for an unknown key id at most
 * once per {@code jwk-set-min-refetch-interval}, so that tokens with made-up key ids
 * cannot make the ingester hammer the identity provider. A key that cannot be found or
 * fetched makes the token invalid (401), with the reason in the log only.
 */
final class CallerTokenDecoder {

	private static final Logger logger = LoggerFactory.getLogger(CallerTokenDecoder.class);

	private static final int JWK_SET_SIZE_LIMIT = 256 * 1024;

	private static final MappedJwtClaimSetConverter CLAIM_MAPPING = MappedJwtClaimSetConverter
		.withDefaults(Collections.emptyMap());

	private CallerTokenDecoder() {
	}

	static ReactiveJwtDecoder create(JwtProperties properties) {
		NimbusReactiveJwtDecoder decoder;
		if (properties.jwkSetUri() != null && properties.publicKeyLocation() != null) {
			throw new IllegalStateException(
					"Set either ingester.security.jwt.public-key-location or ingester.security.jwt.jwk-set-uri, not both");
		}
		if (properties.jwkSetUri() != null) {
			JWKSource<SecurityContext> source = jwkSource(properties);
			decoder = NimbusReactiveJwtDecoder.withJwkSource((jwt) -> keys(source, jwt))
				.jwsAlgorithm(SignatureAlgorithm.RS256)
				.build();
		}
		else if (properties.publicKeyLocation() != null) {
			decoder = NimbusReactiveJwtDecoder.withPublicKey(readPublicKey(properties))
				.signatureAlgorithm(SignatureAlgorithm.RS256)
				.build();
		}
		else {
			throw new IllegalStateException("Set ingester.security.jwt.public-key-location (a PEM public key) "
					+ "or ingester.security.jwt.jwk-set-uri (a JWK Set endpoint) to validate caller tokens");
		}
		decoder.setJwtValidator(validator(properties));
		decoder.setClaimSetConverter(CallerTokenDecoder::claimsAsSent);
		return decoder;
	}

	/**
	 * Spring's claim mapping, except that a token without {@code iat} (or with a null
	 * one) stays without it: the mapping makes one up ({@code exp} minus a second), which
	 * would give such a token a lifetime of one second and let it past
	 * {@link TokenLifetimeValidator}.
	 */
	private static Map<String, Object> claimsAsSent(Map<String, Object> claims) {
		Map<String, Object> mapped = CLAIM_MAPPING.convert(claims);
		if (claims.get(JwtClaimNames.IAT) != null || mapped == null) {
			return mapped;
		}
		Map<String, Object> withoutIssuedAt = new HashMap<>(mapped);
		withoutIssuedAt.remove(JwtClaimNames.IAT);
		return withoutIssuedAt;
	}

	static OAuth2TokenValidator<Jwt> validator(JwtProperties properties) {
		List<OAuth2TokenValidator<Jwt>> validators = new ArrayList<>();
		validators.add(JwtTypeValidator.jwt());
		validators.add(new JwtTimestampValidator(properties.clockSkew()));
		validators.add(new RequiredClaimsValidator());
		validators.add(new TokenTypeValidator(properties.acceptedTypes()));
		validators.add(new TokenLifetimeValidator(properties.maxLifetime()));
		if (properties.issuer() != null) {
			validators.add(new JwtIssuerValidator(properties.issuer()));
		}
		if (!properties.audiences().isEmpty()) {
			List<String> audiences = properties.audiences();
			validators.add(new JwtClaimValidator<Collection<String>>(JwtClaimNames.AUD,
					(aud) -> aud != null && aud.stream().anyMatch(audiences::contains)));
		}
		return new DelegatingOAuth2TokenValidator<>(validators);
	}

	private static JWKSource<SecurityContext> jwkSource(JwtProperties properties) {
		DefaultResourceRetriever retriever = new DefaultResourceRetriever(
				(int) properties.jwkSetConnectTimeout().toMillis(), (int) properties.jwkSetReadTimeout().toMillis(),
				JWK_SET_SIZE_LIMIT);
		try {
			return JWKSourceBuilder.<SecurityContext>create(properties.jwkSetUri().toURL(), retriever)
				.cache(properties.jwkSetCacheTtl().toMillis(), properties.jwkSetReadTimeout().toMillis())
				.rateLimited(properties.jwkSetMinRefetchInterval().toMillis())
				.retrying(false)
				.outageTolerant(false)
				.refreshAheadCache(false)
				.build();
		}
		catch (MalformedURLException ex) {
			throw new IllegalStateException("ingester.security.jwt.jwk-set-uri is not a URL", ex);
		}
	}

	/** The keys that match a token's header; fetching them may block, so not here. */
	private static Flux<JWK> keys(JWKSource<SecurityContext> source, SignedJWT jwt) {
		JWKSelector selector = new JWKSelector(JWKMatcher.forJWSHeader(jwt.getHeader()));
		return Mono.fromCallable(() -> source.get(selector, null))
			.subscribeOn(Schedulers.boundedElastic())
			.onErrorResume(KeySourceException.class, (ex) -> {
				// No keys: the token is refused as one without a matching key (401).
				logger.warn("No JWK Set keys for a caller token (kid {}): {}", jwt.getHeader().getKeyID(),
						ex.getMessage());
				return Mono.just(List.of());
			})
			.flatMapIterable((keys) -> keys);
	}

	private static RSAPublicKey readPublicKey(JwtProperties properties) {
		try (InputStream in = properties.publicKeyLocation().getInputStream()) {
			return RsaKeyConverters.x509().convert(in);
		}
		catch (IOException ex) {
			throw new UncheckedIOException("Cannot read " + properties.publicKeyLocation(), ex);
		}
	}

}
