package io.artstore.ingester.support;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.interfaces.RSAPublicKey;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ThreadLocalRandom;
import java.util.function.Consumer;

import org.springframework.security.oauth2.jwt.JwsHeader;
import org.springframework.security.oauth2.jwt.JwtClaimsSet;

import io.artstore.testsupport.RsaTokenIssuer;

/**
 * Caller tokens for tests, signed RS256 with a key pair made for this run. The public key
 * is written as PEM to a temporary file, which is what the ingester is configured to
 * trust.
 */
public final class TestTokens {

	private static final TestTokens TRUSTED = new TestTokens(RsaTokenIssuer.withNewKeyPair());

	private static final TestTokens UNTRUSTED = new TestTokens(RsaTokenIssuer.withNewKeyPair());

	private final RsaTokenIssuer issuer;

	private TestTokens(RsaTokenIssuer issuer) {
		this.issuer = issuer;
	}

	/** Tokens signed with the key the ingester trusts. */
	public static TestTokens trusted() {
		return TRUSTED;
	}

	/** Tokens signed with a key the ingester has never seen. */
	public static TestTokens untrusted() {
		return UNTRUSTED;
	}

	/**
	 * Writes the public key as PEM.
	 * @return a {@code file:} location for
	 * {@code ingester.security.jwt.public-key-location}
	 */
	public String publicKeyLocation() {
		try {
			Path pem = Files.createTempFile("ingester-test-public-key", ".pem");
			pem.toFile().deleteOnExit();
			Files.writeString(pem, this.issuer.publicKeyPem());
			return pem.toUri().toString();
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

	/**
	 * A valid token for a caller with the given role, as artStore issues it.
	 * @param subject the caller
	 * @param role the role claim
	 * @return the signed token
	 */
	public String token(String subject, String role) {
		return token((claims) -> claims.subject(subject).claim("role", role));
	}

	/**
	 * A token with the usual claims, changed by the given customizer.
	 * @param customizer changes the claims, for example to remove or backdate one
	 * @return the signed token
	 */
	public String token(Consumer<JwtClaimsSet.Builder> customizer) {
		return this.issuer.issue(claims(customizer));
	}

	/**
	 * A token with the usual claims and a header of the caller's choosing.
	 * @param header the JOSE header
	 * @param customizer changes the claims
	 * @return the signed token
	 */
	public String token(JwsHeader header, Consumer<JwtClaimsSet.Builder> customizer) {
		return this.issuer.issue(header, claims(customizer));
	}

	/** The public key that verifies these tokens. */
	public RSAPublicKey publicKey() {
		return this.issuer.publicKey();
	}

	/**
	 * The usual claims of a user's access token, changed by the given customizer.
	 * @param customizer changes the claims
	 * @return the claims
	 */
	public static JwtClaimsSet claims(Consumer<JwtClaimsSet.Builder> customizer) {
		Instant now = Instant.now();
		JwtClaimsSet.Builder claims = JwtClaimsSet.builder()
			.subject("user-" + UUID.randomUUID())
			.claim("type", "access")
			.claim("role", "user")
			.claim("name", "Test User")
			.id(UUID.randomUUID().toString())
			.issuedAt(now)
			.notBefore(now)
			.expiresAt(now.plus(Duration.ofMinutes(30)));
		customizer.accept(claims);
		return claims.build();
	}

	/**
	 * A service account's access token as the real Admin Module issues it
	 * ({@code TokenService.create_service_account_access_token} at BigKAA/artStore
	 * 68241ca): {@code sub} the account's UUID, {@code type: service_account}, role,
	 * name, an url-safe {@code jti}, {@code client_id}, {@code rate_limit}, 30 minutes.
	 * @param claims the claims to set
	 * @param name the account's name
	 * @return the builder
	 */
	public static JwtClaimsSet.Builder serviceAccountAccess(JwtClaimsSet.Builder claims, String name) {
		return serviceAccount(claims, name, Duration.ofMinutes(30)).claim("rate_limit", 1000);
	}

	/**
	 * A service account's refresh token as the real Admin Module issues it: the access
	 * token's claims without {@code rate_limit}, for 7 days.
	 * @param claims the claims to set
	 * @param name the account's name
	 * @return the builder
	 */
	public static JwtClaimsSet.Builder serviceAccountRefresh(JwtClaimsSet.Builder claims, String name) {
		return serviceAccount(claims, name, Duration.ofDays(7));
	}

	/**
	 * An admin user's access token as the real Admin Module issues it
	 * ({@code AdminAuthService._create_tokens}): {@code sub} the user name,
	 * {@code type: admin_user}, role, name, jti, {@code client_id: user_<name>}, 30
	 * minutes.
	 * @param claims the claims to set
	 * @param username the user
	 * @return the builder
	 */
	public static JwtClaimsSet.Builder adminUserAccess(JwtClaimsSet.Builder claims, String username) {
		return adminUser(claims, username, Duration.ofMinutes(30));
	}

	/**
	 * An admin user's refresh token: the same claims as its access token, for 7 days.
	 * @param claims the claims to set
	 * @param username the user
	 * @return the builder
	 */
	public static JwtClaimsSet.Builder adminUserRefresh(JwtClaimsSet.Builder claims, String username) {
		return adminUser(claims, username, Duration.ofDays(7));
	}

	private static JwtClaimsSet.Builder serviceAccount(JwtClaimsSet.Builder claims, String name, Duration lifetime) {
		Instant now = Instant.now();
		return claims.claims(Map::clear)
			.subject(UUID.randomUUID().toString())
			.claim("type", "service_account")
			.claim("role", "user")
			.claim("name", name)
			.id(urlSafeJti())
			.claim("client_id", "sa_prod_" + name.replace('-', '_') + "_1a2b3c4d")
			.issuedAt(now)
			.notBefore(now)
			.expiresAt(now.plus(lifetime));
	}

	private static JwtClaimsSet.Builder adminUser(JwtClaimsSet.Builder claims, String username, Duration lifetime) {
		Instant now = Instant.now();
		return claims.claims(Map::clear)
			.subject(username)
			.claim("type", "admin_user")
			.claim("role", "super_admin")
			.claim("name", username)
			.id(urlSafeJti())
			.claim("client_id", "user_" + username)
			.issuedAt(now)
			.notBefore(now)
			.expiresAt(now.plus(lifetime));
	}

	/** What Python's {@code secrets.token_urlsafe(16)} makes: 22 url-safe characters. */
	private static String urlSafeJti() {
		byte[] bytes = new byte[16];
		ThreadLocalRandom.current().nextBytes(bytes);
		return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
	}

}
