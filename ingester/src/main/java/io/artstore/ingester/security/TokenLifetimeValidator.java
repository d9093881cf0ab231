package io.artstore.ingester.security;

import java.time.Duration;
import java.time.Instant;

import org.springframework.security.oauth2.core.OAuth2Error;
import org.springframework.security.oauth2.core.OAuth2ErrorCodes;
import org.springframework.security.oauth2.core.OAuth2TokenValidator;
import org.springframework.security.oauth2.core.OAuth2TokenValidatorResult;
import org.springframework.security.oauth2.jwt.Jwt;

/**
 * Refuses a token that was issued to live longer than an access token does. The Admin
 * Module gives a service account's refresh token the same claims as its access token
 * ({@code type: service_account}, role, name, jti, client_id); only the lifetime tells
 * them apart: 30 minutes against 7 days.
 */
class TokenLifetimeValidator implements OAuth2TokenValidator<Jwt> {

	private static final OAuth2TokenValidatorResult TOO_LONG = OAuth2TokenValidatorResult
		.failure(new OAuth2Error(OAuth2ErrorCodes.INVALID_TOKEN, "The token lives longer than an access token", null));

	private final Duration maxLifetime;

	TokenLifetimeValidator(Duration maxLifetime) {
		this.maxLifetime = maxLifetime;
	}

	@Override
	public OAuth2TokenValidatorResult validate(Jwt token) {
		Instant issuedAt = token.getIssuedAt();
		Instant expiresAt = token.getExpiresAt();
		// a missing iat or exp is refused by the required claims
		if (issuedAt == null || expiresAt == null
				|| Duration.between(issuedAt, expiresAt).compareTo(this.maxLifetime) <= 0) {
			return OAuth2TokenValidatorResult.success();
		}
		return TOO_LONG;
	}

}
