package io.artstore.ingester.support;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.NoSuchAlgorithmException;
import java.security.interfaces.RSAPrivateKey;
import java.security.interfaces.RSAPublicKey;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.UUID;
import java.util.function.Consumer;

import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jose.jwk.source.ImmutableJWKSet;

import org.springframework.security.oauth2.jose.jws.SignatureAlgorithm;
import org.springframework.security.oauth2.jwt.JwsHeader;
import org.springframework.security.oauth2.jwt.JwtClaimsSet;
import org.springframework.security.oauth2.jwt.JwtEncoderParameters;
import org.springframework.security.oauth2.jwt.NimbusJwtEncoder;

/**
 * Caller tokens for tests, signed RS256 with a key pair made for this run. The public key
 * is written as PEM to a temporary file, which is what the ingester is configured to
 * trust.
 */
public final class TestTokens {

	private static final TestTokens TRUSTED = new TestTokens(newKeyPair());

	private static final TestTokens UNTRUSTED = new TestTokens(newKeyPair());

	private final KeyPair keys;

	private final NimbusJwtEncoder encoder;

	private TestTokens(KeyPair keys) {
		this.keys = keys;
		RSAKey jwk = new RSAKey.Builder((RSAPublicKey) keys.getPublic()).privateKey((RSAPrivateKey) keys.getPrivate())
			.build();
		this.encoder = new NimbusJwtEncoder(new ImmutableJWKSet<>(new JWKSet(jwk)));
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
			String body = Base64.getMimeEncoder(64, "\n".getBytes()).encodeToString(this.keys.getPublic().getEncoded());
			Files.writeString(pem, "-----BEGIN PUBLIC KEY-----\n" + body + "\n-----END PUBLIC KEY-----\n");
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
		return this.encoder
			.encode(JwtEncoderParameters.from(JwsHeader.with(SignatureAlgorithm.RS256).build(), claims.build()))
			.getTokenValue();
	}

	private static KeyPair newKeyPair() {
		try {
			KeyPairGenerator generator = KeyPairGenerator.getInstance("RSA");
			generator.initialize(2048);
			return generator.generateKeyPair();
		}
		catch (NoSuchAlgorithmException ex) {
			throw new IllegalStateException(ex);
		}
	}

}
