package io.artstore.ingester.security;

import java.time.Duration;
import java.time.Instant;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import org.springframework.http.MediaType;
import org.springframework.http.client.MultipartBodyBuilder;
import org.springframework.test.web.reactive.server.WebTestClient;
import org.springframework.web.reactive.function.BodyInserters;

import io.artstore.ingester.support.IngesterIntegrationTests;
import io.artstore.ingester.support.TestTokens;

import static org.assertj.core.api.Assertions.assertThat;

/** Who may upload: the token checks and the role ranking, through the public API. */
class SecurityTests extends IngesterIntegrationTests {

	@Test
	void uploadWithoutTokenIsRefusedWith401AndABearerChallenge() {
		upload(null).expectStatus()
			.isUnauthorized()
			.expectHeader()
			.valueEquals("WWW-Authenticate", "Bearer")
			.expectHeader()
			.contentType(MediaType.APPLICATION_PROBLEM_JSON)
			.expectBody()
			.jsonPath("$.type")
			.isEqualTo("https://artstore.io/problems/unauthenticated");
		assertThat(this.storage.requests()).isEmpty();
	}

	@Test
	void expiredTokenIsRefusedWith401() {
		Instant past = Instant.now().minus(Duration.ofHours(2));
		assertInvalidToken(TestTokens.trusted()
			.token((claims) -> claims.issuedAt(past).notBefore(past).expiresAt(past.plus(Duration.ofMinutes(30)))));
	}

	@Test
	void tokenThatIsNotValidYetIsRefusedWith401() {
		Instant future = Instant.now().plus(Duration.ofHours(1));
		assertInvalidToken(TestTokens.trusted().token((claims) -> claims.notBefore(future)));
	}

	@Test
	void tokenSignedWithAnotherKeyIsRefusedWith401() {
		assertInvalidToken(TestTokens.untrusted().token("intruder", "super_admin"));
	}

	@ParameterizedTest
	@ValueSource(strings = { "role", "sub", "nbf", "iat" })
	void tokenWithoutARequiredClaimIsRefusedWith401(String claim) {
		assertInvalidToken(TestTokens.trusted().token((claims) -> claims.claims((all) -> all.remove(claim))));
	}

	@Test
	void tamperedTokenIsRefusedWith401() {
		String token = TestTokens.trusted().token("user-1", "user");
		String[] parts = token.split("\\.");
		String forged = parts[0] + "." + TestTokens.trusted().token("user-1", "super_admin").split("\\.")[1] + "."
				+ parts[2];
		assertInvalidToken(forged);
	}

	@ParameterizedTest
	@ValueSource(strings = { "superuser", "guest", "" })
	void unknownRoleIsForbiddenRatherThanGivenADefaultRole(String role) {
		assertForbidden(TestTokens.trusted().token("user-unknown-role", role));
	}

	@Test
	void readonlyRoleMayNotUpload() {
		assertForbidden(TestTokens.trusted().token("reader", "readonly"));
	}

	@ParameterizedTest
	@ValueSource(strings = { "user", "operator", "admin", "super_admin", "USER" })
	void userAndHigherRolesMayUpload(String role) {
		upload(TestTokens.trusted().token("uploader-" + role, role)).expectStatus().isCreated();
	}

	/**
	 * The access tokens the real Admin Module (BigKAA/artStore 68241ca) issues, claim for
	 * claim: a service account's from {@code POST /api/v1/auth/token} and an admin user's
	 * from {@code POST /api/v1/admin-auth/login}, both 30 minutes.
	 */
	@Test
	void theAdminModulesRealAccessTokensMayUpload() {
		upload(TestTokens.trusted().token((claims) -> TestTokens.serviceAccountAccess(claims, "sa-uploader")))
			.expectStatus()
			.isCreated();
		upload(TestTokens.trusted().token((claims) -> TestTokens.adminUserAccess(claims, "admin"))).expectStatus()
			.isCreated();
	}

	@Test
	void aTokenThatLivesExactlyTheMaximumIsAccepted() {
		Instant now = Instant.now();
		upload(TestTokens.trusted()
			.token((claims) -> claims.issuedAt(now).notBefore(now).expiresAt(now.plus(Duration.ofMinutes(30)))))
			.expectStatus()
			.isCreated();
	}

	@Test
	void aTokenThatLivesLongerThanTheMaximumIsRefused() {
		Instant now = Instant.now();
		assertInvalidToken(TestTokens.trusted()
			.token((claims) -> claims.issuedAt(now)
				.notBefore(now)
				.expiresAt(now.plus(Duration.ofMinutes(30)).plusSeconds(1))));
	}

	@Test
	void healthProbesNeedNoToken() {
		this.client.get().uri("/actuator/health/liveness").exchange().expectStatus().isOk();
		this.client.get()
			.uri("/actuator/health/readiness")
			.exchange()
			.expectStatus()
			.isOk()
			.expectBody()
			.jsonPath("$.status")
			.isEqualTo("UP");
	}

	@Test
	void otherEndpointsAreClosed() {
		this.client.get()
			.uri("/actuator/env")
			.headers((headers) -> headers.setBearerAuth(TestTokens.trusted().token("admin", "super_admin")))
			.exchange()
			.expectStatus()
			.isForbidden();
	}

	private void assertInvalidToken(String token) {
		upload(token).expectStatus()
			.isUnauthorized()
			.expectHeader()
			.valueEquals("WWW-Authenticate", "Bearer error=\"invalid_token\"")
			.expectHeader()
			.contentType(MediaType.APPLICATION_PROBLEM_JSON);
		assertThat(this.storage.requests()).isEmpty();
	}

	private void assertForbidden(String token) {
		upload(token).expectStatus()
			.isForbidden()
			.expectHeader()
			.contentType(MediaType.APPLICATION_PROBLEM_JSON)
			.expectBody()
			.jsonPath("$.type")
			.isEqualTo("https://artstore.io/problems/forbidden");
		assertThat(this.storage.requests()).isEmpty();
	}

	private WebTestClient.ResponseSpec upload(String token) {
		MultipartBodyBuilder form = new MultipartBodyBuilder();
		form.part("file", SAMPLE_CONTENT.getBytes()).filename("sample.txt");
		return this.client.post().uri("/api/v1/files/upload").headers((headers) -> {
			if (token != null) {
				headers.setBearerAuth(token);
			}
		}).body(BodyInserters.fromMultipartData(form.build())).exchange();
	}

}
