package io.artstore.ingester.security;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.security.interfaces.RSAPublicKey;

import tools.jackson.databind.json.JsonMapper;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.http.HttpMethod;
import org.springframework.security.config.web.server.ServerHttpSecurity;
import org.springframework.security.converter.RsaKeyConverters;
import org.springframework.security.oauth2.core.DelegatingOAuth2TokenValidator;
import org.springframework.security.oauth2.jose.jws.SignatureAlgorithm;
import org.springframework.security.oauth2.jwt.JwtTimestampValidator;
import org.springframework.security.oauth2.jwt.NimbusReactiveJwtDecoder;
import org.springframework.security.oauth2.jwt.ReactiveJwtDecoder;
import org.springframework.security.web.server.SecurityWebFilterChain;

/**
 * Who may call the ingester: callers with an RS256 token, every role but {@code readonly}
 * to upload, every role to read its own uploads; health probes are open.
 */
@Configuration(proxyBeanMethods = false)
class SecurityConfiguration {

	@Bean
	SecurityWebFilterChain securityWebFilterChain(ServerHttpSecurity http, JsonMapper jsonMapper) {
		ProblemResponses problems = new ProblemResponses(jsonMapper);
		return http.csrf(ServerHttpSecurity.CsrfSpec::disable)
			.httpBasic(ServerHttpSecurity.HttpBasicSpec::disable)
			.formLogin(ServerHttpSecurity.FormLoginSpec::disable)
			.logout(ServerHttpSecurity.LogoutSpec::disable)
			.requestCache(ServerHttpSecurity.RequestCacheSpec::disable)
			.authorizeExchange((exchange) -> exchange.pathMatchers("/actuator/health", "/actuator/health/**")
				.permitAll()
				.pathMatchers(HttpMethod.POST, "/api/v1/files/upload")
				.hasAuthority(Role.UPLOAD)
				.pathMatchers(HttpMethod.GET, "/api/v1/files/*")
				.hasAuthority(Role.READ)
				.anyExchange()
				.denyAll())
			.oauth2ResourceServer((resourceServer) -> resourceServer
				.jwt((jwt) -> jwt.jwtAuthenticationConverter(new RoleAuthoritiesConverter()))
				.authenticationEntryPoint(problems::unauthorized)
				.accessDeniedHandler(problems::forbidden))
			.exceptionHandling((handling) -> handling.authenticationEntryPoint(problems::unauthorized)
				.accessDeniedHandler(problems::forbidden))
			.build();
	}

	@Bean
	ReactiveJwtDecoder jwtDecoder(JwtProperties properties) {
		NimbusReactiveJwtDecoder decoder;
		if (properties.jwkSetUri() != null && properties.publicKeyLocation() != null) {
			throw new IllegalStateException(
					"Set either ingester.security.jwt.public-key-location or ingester.security.jwt.jwk-set-uri, not both");
		}
		if (properties.jwkSetUri() != null) {
			decoder = NimbusReactiveJwtDecoder.withJwkSetUri(properties.jwkSetUri().toString())
				.jwsAlgorithm(SignatureAlgorithm.RS256)
				.build();
		}
		else if (properties.publicKeyLocation() != null) {
			decoder = NimbusReactiveJwtDecoder.withPublicKey(readPublicKey(properties))
				.signatureAlgorithm(SignatureAlgorithm.RS256)
				.build();
		}
		else {
			throw new IllegalStateException("Set ingester.security.jwt.public-key-location (a PEM public key) "
					+ "or ingester.security.jwt.jwk-set-uri (a JWK Set endpoint) to validate caller tokens");
		}
		decoder.setJwtValidator(new DelegatingOAuth2TokenValidator<>(new JwtTimestampValidator(properties.clockSkew()),
				new RequiredClaimsValidator()));
		return decoder;
	}

	private static RSAPublicKey readPublicKey(JwtProperties properties) {
		try (InputStream in = properties.publicKeyLocation().getInputStream()) {
			return RsaKeyConverters.x509().convert(in);
		}
		catch (IOException ex) {
			throw new UncheckedIOException("Cannot read " + properties.publicKeyLocation(), ex);
		}
	}

}
