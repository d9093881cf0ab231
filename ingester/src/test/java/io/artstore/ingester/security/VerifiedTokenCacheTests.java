package io.artstore.ingester.security;

import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.RSASSASigner;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jose.jwk.gen.RSAKeyGenerator;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import org.junit.jupiter.api.Test;

import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.security.oauth2.jwt.JwtValidationException;
import org.springframework.security.oauth2.jwt.NimbusReactiveJwtDecoder;
import org.springframework.security.oauth2.jwt.ReactiveJwtDecoder;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;
import static org.awaitility.Awaitility.await;

/**
 * A verified token is parsed and its signature checked once, but its claims on every use:
 * the ingester's real decoder and checks behind the cache, counted.
 */
class VerifiedTokenCacheTests {

	private static final RSAKey KEY = generate();

	private final AtomicInteger signatureChecks = new AtomicInteger();

	private final JwtProperties properties = new JwtProperties(null, null, Duration.ZERO, List.of("access"),
			Duration.ofMinutes(30), null, List.of(), Duration.ofSeconds(1), Duration.ofSeconds(1),
			Duration.ofMinutes(1), Duration.ofMinutes(5), 10, Duration.ofMinutes(1));

	private final ReactiveJwtDecoder cache = new VerifiedTokenCache(countingDecoder(),
			CallerTokenDecoder.validator(this.properties), 10, Duration.ofMinutes(1));

	@Test
	void aTokenUsedAgainIsParsedAndItsSignatureCheckedOnce() {
		String token = sign(claims("user-1", Duration.ofMinutes(30)));

		Jwt first = this.cache.decode(token).block(Duration.ofSeconds(5));
		Jwt again = this.cache.decode(token).block(Duration.ofSeconds(5));

		assertThat(again).isSameAs(first);
		assertThat(again.getSubject()).isEqualTo("user-1");
		assertThat(this.signatureChecks).hasValue(1);
	}

	@Test
	void aKeptTokenIsRefusedOnceItExpires() {
		String token = sign(claims("user-1", Duration.ofSeconds(2)));
		assertThat(this.cache.decode(token).block(Duration.ofSeconds(5))).isNotNull();

		await().atMost(Duration.ofSeconds(10))
			.untilAsserted(() -> assertThatExceptionOfType(JwtValidationException.class)
				.isThrownBy(() -> this.cache.decode(token).block(Duration.ofSeconds(5)))
				.withMessageContaining("expired"));
	}

	@Test
	void aTokenThatFailsIsNeverKept() {
		String forged = sign(claims("user-1", Duration.ofMinutes(30)), generate());

		for (int i = 0; i < 2; i++) {
			assertThatExceptionOfType(RuntimeException.class)
				.isThrownBy(() -> this.cache.decode(forged).block(Duration.ofSeconds(5)));
		}
		assertThat(this.signatureChecks).hasValue(2);
	}

	@Test
	void tokensAreKeptApart() {
		String one = sign(claims("user-1", Duration.ofMinutes(30)));
		String two = sign(claims("user-2", Duration.ofMinutes(30)));

		assertThat(this.cache.decode(one).block(Duration.ofSeconds(5)).getSubject()).isEqualTo("user-1");
		assertThat(this.cache.decode(two).block(Duration.ofSeconds(5)).getSubject()).isEqualTo("user-2");
		assertThat(this.cache.decode(one).block(Duration.ofSeconds(5)).getSubject()).isEqualTo("user-1");
		assertThat(this.signatureChecks).hasValue(2);
	}

	/** The ingester's own decoder for a PEM key, counting the tokens it verifies. */
	private ReactiveJwtDecoder countingDecoder() {
		try {
			NimbusReactiveJwtDecoder decoder = NimbusReactiveJwtDecoder.withPublicKey(KEY.toRSAPublicKey()).build();
			decoder.setJwtValidator(CallerTokenDecoder.validator(this.properties));
			return (token) -> {
				this.signatureChecks.incrementAndGet();
				return decoder.decode(token);
			};
		}
		catch (JOSEException ex) {
			throw new IllegalStateException(ex);
		}
	}

	private static JWTClaimsSet claims(String subject, Duration lifetime) {
		Instant now = Instant.now();
		return new JWTClaimsSet.Builder().subject(subject)
			.claim("type", "access")
			.claim("role", "user")
			.issueTime(Date.from(now))
			.notBeforeTime(Date.from(now.minusSeconds(1)))
			.expirationTime(Date.from(now.plus(lifetime)))
			.build();
	}

	private static String sign(JWTClaimsSet claims) {
		return sign(claims, KEY);
	}

	private static String sign(JWTClaimsSet claims, RSAKey key) {
		try {
			SignedJWT jwt = new SignedJWT(new JWSHeader.Builder(JWSAlgorithm.RS256).build(), claims);
			jwt.sign(new RSASSASigner(key));
			return jwt.serialize();
		}
		catch (JOSEException ex) {
			throw new IllegalStateException(ex);
		}
	}

	private static RSAKey generate() {
		try {
			return new RSAKeyGenerator(2048).generate();
		}
		catch (JOSEException ex) {
			throw new IllegalStateException(ex);
		}
	}

}
