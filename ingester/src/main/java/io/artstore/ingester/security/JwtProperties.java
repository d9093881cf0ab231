package io.artstore.ingester.security;

import java.net.URI;
import java.time.Duration;

import org.jspecify.annotations.Nullable;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.core.io.Resource;

/**
 * Where the public key that signs caller tokens comes from. Set exactly one of the two.
 *
 * @param publicKeyLocation a PEM file with the Admin Module's RSA public key (how
 * artStore's Admin Module works today), for example
 * {@code file:/etc/artstore/jwt-public.pem}
 * @param jwkSetUri a JWK Set endpoint (Keycloak, where the Go rewrite is heading)
 * @param clockSkew the leeway allowed on {@code exp} and {@code nbf}
 */
@ConfigurationProperties(prefix = "ingester.security.jwt", ignoreUnknownFields = false)
public record JwtProperties(@Nullable Resource publicKeyLocation, @Nullable URI jwkSetUri,
		@DefaultValue("30s") Duration clockSkew) {
}
