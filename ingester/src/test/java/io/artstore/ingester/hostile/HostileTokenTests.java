package io.artstore.ingester.hostile;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.Date;
import java.util.List;
import java.util.UUID;
import java.util.function.Function;
import java.util.stream.Stream;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.MACSigner;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import org.springframework.http.MediaType;
import org.springframework.http.client.MultipartBodyBuilder;
import org.springframework.security.oauth2.jose.jws.SignatureAlgorithm;
import org.springframework.security.oauth2.jwt.JwsHeader;
import org.springframework.test.web.reactive.server.EntityExchangeResult;
import org.springframework.test.web.reactive.server.WebTestClient;
import org.springframework.web.reactive.function.BodyInserters;

import io.artstore.ingester.support.IngesterIntegrationTests;
import io.artstore.ingester.support.LeavesNoTrace;
import io.artstore.ingester.support.TestTokens;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Tokens an attacker, or a careless client, sends: each is refused with 401, a
 * {@code Bearer} challenge and a fixed text, and nothing is stored or recorded.
 */
class HostileTokenTests extends IngesterIntegrationTests {

	private static final String SUBJECT = "hostile-token-" + UUID.randomUUID();

	static Stream<Arguments> tokens() {
		TestTokens trusted = TestTokens.trusted();
		Instant past = Instant.now().minus(Duration.ofHours(2));
		return Stream.of(
				token("a refresh token of the trusted issuer",
						(s) -> trusted.token((c) -> c.subject(s).claim("type", "refresh"))),
				token("a service account's refresh token as the Admin Module issues it (same claims, 7 days)",
						(s) -> trusted.token((c) -> TestTokens.serviceAccountRefresh(c, "uploader").subject(s))),
				token("an admin user's refresh token as the Admin Module issues it (same claims, 7 days)",
						(s) -> trusted.token((c) -> TestTokens.adminUserRefresh(c, "admin").subject(s))),
				token("a token without iat, whose lifetime cannot be told",
						(s) -> trusted.token((c) -> c.subject(s).claims((all) -> all.remove("iat")))),
				token("a token without a type claim",
						(s) -> trusted.token((c) -> c.subject(s).claims((all) -> all.remove("type")))),
				token("a token of an unknown type",
						(s) -> trusted.token((c) -> c.subject(s).claim("type", "id_token"))),
				token("a type claim that is not a string",
						(s) -> trusted.token((c) -> c.subject(s).claim("type", List.of("access")))),
				token("a JOSE typ other than JWT",
						(s) -> trusted.token(JwsHeader.with(SignatureAlgorithm.RS256).type("refresh+jwt").build(),
								(c) -> c.subject(s))),
				token("alg none, unsigned", HostileTokenTests::unsigned),
				token("HS256 keyed with the trusted public key (algorithm confusion)",
						HostileTokenTests::hmacWithPublicKey),
				token("RS512 signed by the trusted key",
						(s) -> trusted.token(JwsHeader.with(SignatureAlgorithm.RS512).build(), (c) -> c.subject(s))),
				token("an expired token",
						(s) -> trusted.token((c) -> c.subject(s)
							.issuedAt(past)
							.notBefore(past)
							.expiresAt(past.plus(Duration.ofMinutes(30))))),
				token("a token not valid yet",
						(s) -> trusted.token((c) -> c.subject(s).notBefore(Instant.now().plus(Duration.ofHours(1))))),
				token("a token signed by another key", (s) -> TestTokens.untrusted().token((c) -> c.subject(s))),
				token("a payload swapped under a valid signature", HostileTokenTests::swappedPayload),
				token("a token without exp",
						(s) -> trusted.token((c) -> c.subject(s).claims((all) -> all.remove("exp")))),
				token("a sub longer than the ledger keeps",
						(s) -> trusted.token((c) -> c.subject(s + "x".repeat(300)))),
				token("a crit header the verifier does not understand",
						(s) -> trusted.token(
								JwsHeader.with(SignatureAlgorithm.RS256).criticalHeader("artstore-unknown", 1).build(),
								(c) -> c.subject(s))),
				token("a jku pointing elsewhere, signed by another key",
						(s) -> TestTokens.untrusted()
							.token(JwsHeader.with(SignatureAlgorithm.RS256)
								.jwkSetUrl("http://attacker.invalid/jwks.json")
								.build(), (c) -> c.subject(s))),
				token("not a JWT at all", (s) -> "not.a.jwt"), token("an empty token", (s) -> ""));
	}

	private static Arguments token(String kind, Function<String, String> token) {
		return Arguments.of(kind, token);
	}

	@ParameterizedTest(name = "{0}")
	@MethodSource("tokens")
	void isRefusedWith401AndLeavesNoTrace(String kind, Function<String, String> token) {
		EntityExchangeResult<byte[]> result = upload("Bearer " + token.apply(SUBJECT)).expectStatus()
			.isUnauthorized()
			.expectHeader()
			.contentType(MediaType.APPLICATION_PROBLEM_JSON)
			.expectBody()
			.jsonPath("$.type")
			.isEqualTo("https://artstore.io/problems/unauthenticated")
			.jsonPath("$.detail")
			.isEqualTo("A valid bearer access token is required")
			.returnResult();
		assertThat(result.getResponseHeaders().getFirst("WWW-Authenticate")).startsWith("Bearer");
		LeavesNoTrace.assertAnswerNamesNothingBehindTheIngester(result, adminStubPort(), storageStubPort());
	}

	@ParameterizedTest(name = "{0}")
	@MethodSource("otherCredentials")
	void otherWaysOfPresentingCredentialsAreRefused(String kind, String authorization, String query) {
		String valid = TestTokens.trusted().token((c) -> c.subject(SUBJECT));
		MultipartBodyBuilder form = new MultipartBodyBuilder();
		form.part("file", SAMPLE_CONTENT.getBytes()).filename("sample.txt");
		this.client.post().uri("/api/v1/files/upload" + query.replace("TOKEN", valid)).headers((headers) -> {
			if (!authorization.isEmpty()) {
				headers.set("Authorization", authorization.replace("TOKEN", valid));
			}
		})
			.body(BodyInserters.fromMultipartData(form.build()))
			.exchange()
			.expectStatus()
			.isUnauthorized()
			.expectHeader()
			.contentType(MediaType.APPLICATION_PROBLEM_JSON);
	}

	static Stream<Arguments> otherCredentials() {
		return Stream.of(Arguments.of("the token as a query parameter", "", "?access_token=TOKEN"),
				Arguments.of("the token with the Basic scheme", "Basic TOKEN", ""),
				Arguments.of("the Bearer scheme without a token", "Bearer ", ""));
	}

	@AfterEach
	void leftNothingBehind() {
		LeavesNoTrace.assertNothingLeft(this.database, SUBJECT, this.admin, this.storage);
		assertThat(this.storage.requests()).isEmpty();
	}

	private WebTestClient.ResponseSpec upload(String authorization) {
		MultipartBodyBuilder form = new MultipartBodyBuilder();
		form.part("file", SAMPLE_CONTENT.getBytes()).filename("sample.txt");
		return this.client.post()
			.uri("/api/v1/files/upload")
			.header("Authorization", authorization)
			.body(BodyInserters.fromMultipartData(form.build()))
			.exchange();
	}

	private static String unsigned(String subject) {
		Base64.Encoder base64 = Base64.getUrlEncoder().withoutPadding();
		String signed = TestTokens.trusted().token((c) -> c.subject(subject));
		return base64.encodeToString("{\"alg\":\"none\"}".getBytes(StandardCharsets.UTF_8)) + "."
				+ signed.split("\\.")[1] + ".";
	}

	private static String hmacWithPublicKey(String subject) {
		Instant now = Instant.now();
		JWTClaimsSet claims = new JWTClaimsSet.Builder().subject(subject)
			.claim("type", "access")
			.claim("role", "super_admin")
			.issueTime(Date.from(now))
			.notBeforeTime(Date.from(now))
			.expirationTime(Date.from(now.plus(Duration.ofMinutes(30))))
			.build();
		try {
			SignedJWT jwt = new SignedJWT(new JWSHeader(JWSAlgorithm.HS256), claims);
			jwt.sign(new MACSigner(TestTokens.trusted().publicKey().getEncoded()));
			return jwt.serialize();
		}
		catch (JOSEException ex) {
			throw new IllegalStateException(ex);
		}
	}

	private static String swappedPayload(String subject) {
		String[] user = TestTokens.trusted().token((c) -> c.subject(subject)).split("\\.");
		String admin = TestTokens.trusted()
			.token((c) -> c.subject(subject).claim("role", "super_admin"))
			.split("\\.")[1];
		return user[0] + "." + admin + "." + user[2];
	}

}
