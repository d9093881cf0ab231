package io.artstore.reference.storage;

import java.security.interfaces.RSAPublicKey;
import java.util.List;
import java.util.Set;

import org.jspecify.annotations.Nullable;
import reactor.core.publisher.Mono;

import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.security.oauth2.core.OAuth2Error;
import org.springframework.security.oauth2.core.OAuth2TokenValidatorResult;
import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.security.oauth2.jwt.JwtException;
import org.springframework.security.oauth2.jwt.JwtValidators;
import org.springframework.security.oauth2.jwt.NimbusReactiveJwtDecoder;
import org.springframework.web.reactive.function.server.HandlerFunction;
import org.springframework.web.reactive.function.server.ServerRequest;
import org.springframework.web.reactive.function.server.ServerResponse;

import io.artstore.testsupport.fastapi.FastApiAnswers;

/**
 * The element's bearer authentication, answered as the real one answers: no credentials,
 * 401 {@code Not authenticated} with a Bearer challenge (FastAPI's 403, which the element
 * turns into a 401); another scheme, 403 {@code Invalid authentication credentials}; a
 * token that fails validation (signature, expiry, a missing claim, an unknown type, an
 * audience), 401 {@code Invalid or expired token} with a Bearer challenge.
 */
final class BearerTokens {

	private static final Set<String> REQUIRED_CLAIMS = Set.of("sub", "type", "role", "name", "jti", "iat", "exp",
			"nbf");

	private static final Set<String> TYPES = Set.of("admin_user", "service_account", "access", "refresh");

	private final @Nullable NimbusReactiveJwtDecoder decoder;

	/**
	 * Checks tokens against the Admin Module's key, or only their presence without one.
	 * @param adminPublicKey the key, or {@code null}
	 */
	BearerTokens(@Nullable RSAPublicKey adminPublicKey) {
		if (adminPublicKey != null) {
			this.decoder = NimbusReactiveJwtDecoder.withPublicKey(adminPublicKey).build();
			this.decoder.setJwtValidator(JwtValidators.createDefaultWithValidators(List.of(BearerTokens::claims)));
		}
		else {
			this.decoder = null;
		}
	}

	HandlerFunction<ServerResponse> require(Handler handler) {
		return (request) -> {
			String authorization = request.headers().firstHeader(HttpHeaders.AUTHORIZATION);
			String[] schemeAndCredentials = (authorization != null) ? authorization.split(" ", 2) : new String[0];
			if (schemeAndCredentials.length < 2 || schemeAndCredentials[0].isEmpty()
					|| schemeAndCredentials[1].isEmpty()) {
				return unauthorized("Not authenticated");
			}
			if (!"bearer".equalsIgnoreCase(schemeAndCredentials[0])) {
				return FastApiAnswers.detail(HttpStatus.FORBIDDEN, "Invalid authentication credentials");
			}
			if (this.decoder == null) {
				return handler.handle(request, Caller.ANYONE);
			}
			return this.decoder.decode(schemeAndCredentials[1])
				.flatMap((token) -> handler.handle(request, Caller.of(token)))
				.onErrorResume(JwtException.class, (ex) -> unauthorized("Invalid or expired token"));
		};
	}

	private static OAuth2TokenValidatorResult claims(Jwt token) {
		boolean valid = token.getClaims().keySet().containsAll(REQUIRED_CLAIMS)
				&& TYPES.contains(token.getClaimAsString("type")) && !token.hasClaim("aud");
		return valid ? OAuth2TokenValidatorResult.success()
				: OAuth2TokenValidatorResult.failure(new OAuth2Error("invalid_token"));
	}

	private static Mono<ServerResponse> unauthorized(String detail) {
		return FastApiAnswers.detail(HttpStatus.UNAUTHORIZED, detail, HttpHeaders.WWW_AUTHENTICATE, "Bearer");
	}

	/** A handler of authenticated requests. */
	@FunctionalInterface
	interface Handler {

		Mono<ServerResponse> handle(ServerRequest request, Caller caller);

	}

}
