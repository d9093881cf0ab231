package io.artstore.ingester.security;

import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.RSASSASigner;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jose.jwk.gen.RSAKeyGenerator;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import reactor.core.publisher.Mono;
import reactor.netty.DisposableServer;
import reactor.netty.http.server.HttpServer;

import org.springframework.security.oauth2.jwt.BadJwtException;
import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.security.oauth2.jwt.JwtValidationException;
import org.springframework.security.oauth2.jwt.ReactiveJwtDecoder;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/**
 * The decoder of caller tokens in JWK Set mode, against a JWK Set endpoint that counts
 * its fetches, and its optional issuer and audience checks.
 */
class CallerTokenDecoderTests {

	private final RSAKey key = generate("known-key");

	private final AtomicInteger fetches = new AtomicInteger();

	private DisposableServer server;

	@AfterEach
	void stop() {
		if (this.server != null) {
			this.server.disposeNow();
		}
	}

	@Test
	void tokenSignedByAKeyOfTheSetIsAccepted() {
		ReactiveJwtDecoder decoder = CallerTokenDecoder.create(properties(serveKeys(Duration.ZERO), null, List.of()));

		Jwt jwt = decoder.decode(sign(this.key, claims())).block(Duration.ofSeconds(10));

		assertThat(jwt.getSubject()).isEqualTo("user-1");
	}

	@Test
	void tokensWithUnknownKeyIdsRefetchTheSetAtMostOncePerInterval() {
		ReactiveJwtDecoder decoder = CallerTokenDecoder.create(properties(serveKeys(Duration.ZERO), null, List.of()));
		decoder.decode(sign(this.key, claims())).block(Duration.ofSeconds(10));
		int afterFirst = this.fetches.get();

		for (int i = 0; i < 20; i++) {
			String forged = sign(generate("made-up-" + i), claims());
			assertThatExceptionOfType(BadJwtException.class)
				.isThrownBy(() -> decoder.decode(forged).block(Duration.ofSeconds(10)));
		}

		assertThat(afterFirst).isEqualTo(1);
		assertThat(this.fetches.get()).as("fetches of the JWK Set").isLessThanOrEqualTo(2);
	}

	@Test
	void aJwkSetEndpointThatDoesNotAnswerFailsTheTokenAfterTheReadTimeout() {
		ReactiveJwtDecoder decoder = CallerTokenDecoder
			.create(properties(serveKeys(Duration.ofSeconds(30)), null, List.of()));
		long started = System.nanoTime();

		assertThatExceptionOfType(BadJwtException.class)
			.isThrownBy(() -> decoder.decode(sign(this.key, claims())).block(Duration.ofSeconds(20)));

		assertThat(Duration.ofNanos(System.nanoTime() - started)).isLessThan(Duration.ofSeconds(10));
	}

	@Test
	void issuerAndAudiencesAreCheckedWhenConfigured() {
		ReactiveJwtDecoder decoder = CallerTokenDecoder.create(
				properties(serveKeys(Duration.ZERO), "https://keycloak.example/realms/artstore", List.of("ingester")));
		JWTClaimsSet right = new JWTClaimsSet.Builder(claims()).issuer("https://keycloak.example/realms/artstore")
			.audience(List.of("account", "ingester"))
			.build();
		JWTClaimsSet wrongIssuer = new JWTClaimsSet.Builder(right).issuer("https://elsewhere.example").build();
		JWTClaimsSet wrongAudience = new JWTClaimsSet.Builder(right).audience("account").build();

		assertThat(decoder.decode(sign(this.key, right)).block(Duration.ofSeconds(10))).isNotNull();
		assertThatExceptionOfType(JwtValidationException.class)
			.isThrownBy(() -> decoder.decode(sign(this.key, wrongIssuer)).block(Duration.ofSeconds(10)));
		assertThatExceptionOfType(JwtValidationException.class)
			.isThrownBy(() -> decoder.decode(sign(this.key, wrongAudience)).block(Duration.ofSeconds(10)));
	}

	private URI serveKeys(Duration delay) {
		String keys = new JWKSet(this.key.toPublicJWK()).toString();
		this.server = HttpServer.create().host("127.0.0.1").port(0).handle((request, response) -> {
			this.fetches.incrementAndGet();
			return Mono.delay(delay)
				.then(response.header("Content-Type", "application/json").sendString(Mono.just(keys)).then());
		}).bindNow();
		return URI.create("http://127.0.0.1:" + this.server.port() + "/jwks");
	}

	private static JwtProperties properties(URI jwkSetUri, String issuer, List<String> audiences) {
		return new JwtProperties(null, jwkSetUri, Duration.ofSeconds(30), List.of("access"), Duration.ofMinutes(30),
				issuer, audiences, Duration.ofSeconds(1), Duration.ofSeconds(1), Duration.ofMinutes(1),
				Duration.ofMinutes(5), 0, Duration.ofMinutes(1));
	}

	private static JWTClaimsSet claims() {
		Instant now = Instant.now();
		return new JWTClaimsSet.Builder().subject("user-1")
			.claim("type", "access")
			.claim("role", "user")
			.issueTime(Date.from(now))
			.notBeforeTime(Date.from(now))
			.expirationTime(Date.from(now.plus(Duration.ofMinutes(30))))
			.build();
	}

	private static String sign(RSAKey key, JWTClaimsSet claims) {
		try {
			SignedJWT jwt = new SignedJWT(new JWSHeader.Builder(JWSAlgorithm.RS256).keyID(key.getKeyID()).build(),
					claims);
			jwt.sign(new RSASSASigner(key));
			return jwt.serialize();
		}
		catch (JOSEException ex) {
			throw new IllegalStateException(ex);
		}
	}

	private static RSAKey generate(String keyId) {
		try {
			return new RSAKeyGenerator(2048).keyID(keyId).generate();
		}
		catch (JOSEException ex) {
			throw new IllegalStateException(ex);
		}
	}

}
