package io.artstore.ingester.security;

import tools.jackson.databind.json.JsonMapper;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.http.HttpMethod;
import org.springframework.security.config.web.server.ServerHttpSecurity;
import org.springframework.security.oauth2.jwt.ReactiveJwtDecoder;
import org.springframework.security.web.server.SecurityWebFilterChain;

/**
 * Who may call the ingester: callers with an RS256 access token
 * ({@link CallerTokenDecoder}), every role but {@code readonly} to upload, every role to
 * read its own uploads; health probes are open.
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
				.pathMatchers(HttpMethod.GET, "/actuator/unsettled")
				.hasAuthority(Role.OPERATOR.authority())
				.pathMatchers(HttpMethod.POST, "/actuator/unsettled/*")
				.hasAuthority(Role.OPERATOR.authority())
				.pathMatchers(HttpMethod.POST, "/api/v1/files/upload")
				.hasAuthority(Role.UPLOAD)
				.pathMatchers(HttpMethod.POST, "/api/v1/finalize/*")
				.hasAuthority(Role.UPLOAD)
				.pathMatchers(HttpMethod.GET, "/api/v1/finalize/*/status")
				.hasAuthority(Role.READ)
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
		ReactiveJwtDecoder decoder = CallerTokenDecoder.create(properties);
		return (properties.verifiedCacheSize() > 0) ? new VerifiedTokenCache(decoder,
				CallerTokenDecoder.validator(properties), properties.verifiedCacheSize(), properties.verifiedCacheTtl())
				: decoder;
	}

}
