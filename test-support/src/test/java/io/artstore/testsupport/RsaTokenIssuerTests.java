package io.artstore.testsupport;

import java.time.Instant;

import org.junit.jupiter.api.Test;

import org.springframework.security.converter.RsaKeyConverters;
import org.springframework.security.oauth2.jwt.JwtClaimsSet;
import org.springframework.security.oauth2.jwt.NimbusJwtDecoder;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatException;

class RsaTokenIssuerTests {

	private final RsaTokenIssuer issuer = RsaTokenIssuer.withNewKeyPair();

	@Test
	void tokensVerifyWithThePublicKeyReadFromItsPem() {
		String token = this.issuer.issue(claims("alice"));
		var publicKey = RsaKeyConverters.x509()
			.convert(new java.io.ByteArrayInputStream(this.issuer.publicKeyPem().getBytes()));

		assertThat(NimbusJwtDecoder.withPublicKey(publicKey).build().decode(token).getSubject()).isEqualTo("alice");
	}

	@Test
	void tokensDoNotVerifyWithAnotherIssuersKey() {
		String token = this.issuer.issue(claims("mallory"));

		assertThatException()
			.isThrownBy(() -> NimbusJwtDecoder.withPublicKey(RsaTokenIssuer.withNewKeyPair().publicKey())
				.build()
				.decode(token));
	}

	private static JwtClaimsSet claims(String subject) {
		Instant now = Instant.now();
		return JwtClaimsSet.builder().subject(subject).issuedAt(now).expiresAt(now.plusSeconds(60)).build();
	}

}
