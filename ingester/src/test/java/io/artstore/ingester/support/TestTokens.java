package io.artstore.ingester.support;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.interfaces.RSAPublicKey;
import java.time.Duration;
import java.time.Instant;
import java.util.UUID;
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

}
