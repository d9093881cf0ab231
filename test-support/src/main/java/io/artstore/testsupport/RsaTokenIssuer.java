package io.artstore.testsupport;

import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.NoSuchAlgorithmException;
import java.security.interfaces.RSAPrivateKey;
import java.security.interfaces.RSAPublicKey;
import java.util.Base64;

import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jose.jwk.source.ImmutableJWKSet;

import org.springframework.security.oauth2.jose.jws.SignatureAlgorithm;
import org.springframework.security.oauth2.jwt.JwsHeader;
import org.springframework.security.oauth2.jwt.JwtClaimsSet;
import org.springframework.security.oauth2.jwt.JwtEncoderParameters;
import org.springframework.security.oauth2.jwt.NimbusJwtEncoder;

/**
 * Signs RS256 tokens with an RSA key pair made when it is created, as the artStore Admin
 * Module signs them with its own. Nothing is read from or written to disk.
 */
public final class RsaTokenIssuer {

	private final KeyPair keys;

	private final NimbusJwtEncoder encoder;

	private RsaTokenIssuer(KeyPair keys) {
		this.keys = keys;
		RSAKey jwk = new RSAKey.Builder(publicKey()).privateKey((RSAPrivateKey) keys.getPrivate()).build();
		this.encoder = new NimbusJwtEncoder(new ImmutableJWKSet<>(new JWKSet(jwk)));
	}

	/** An issuer with a new 2048-bit key pair. */
	public static RsaTokenIssuer withNewKeyPair() {
		try {
			KeyPairGenerator generator = KeyPairGenerator.getInstance("RSA");
			generator.initialize(2048);
			return new RsaTokenIssuer(generator.generateKeyPair());
		}
		catch (NoSuchAlgorithmException ex) {
			throw new IllegalStateException(ex);
		}
	}

	/** The key that verifies this issuer's tokens. */
	public RSAPublicKey publicKey() {
		return (RSAPublicKey) this.keys.getPublic();
	}

	/** The public key as a PEM document, as services read it from a file. */
	public String publicKeyPem() {
		String body = Base64.getMimeEncoder(64, "\n".getBytes()).encodeToString(publicKey().getEncoded());
		return "-----BEGIN PUBLIC KEY-----\n" + body + "\n-----END PUBLIC KEY-----\n";
	}

	/**
	 * Signs a token.
	 * @param claims its claims
	 * @return the compact RS256 JWT
	 */
	public String issue(JwtClaimsSet claims) {
		return issue(JwsHeader.with(SignatureAlgorithm.RS256).build(), claims);
	}

	/**
	 * Signs a token with a header of the caller's choosing, for tests of what a verifier
	 * must refuse (another {@code alg}, a {@code typ}, a {@code crit} or {@code jku}).
	 * @param header its JOSE header
	 * @param claims its claims
	 * @return the compact JWT
	 */
	public String issue(JwsHeader header, JwtClaimsSet claims) {
		return this.encoder.encode(JwtEncoderParameters.from(header, claims)).getTokenValue();
	}

}
