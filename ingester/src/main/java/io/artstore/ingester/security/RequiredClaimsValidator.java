package io.artstore.ingester.security;

import java.util.List;

import org.springframework.security.oauth2.core.OAuth2Error;
import org.springframework.security.oauth2.core.OAuth2ErrorCodes;
import org.springframework.security.oauth2.core.OAuth2TokenValidator;
import org.springframework.security.oauth2.core.OAuth2TokenValidatorResult;
import org.springframework.security.oauth2.jwt.Jwt;

/**
 * Refuses a token that lacks any of the claims the ingester relies on, or whose
 * {@code sub} is longer than the ledger keeps.
 */
class RequiredClaimsValidator implements OAuth2TokenValidator<Jwt> {

	static final List<String> REQUIRED = List.of("exp", "nbf", "iat", "sub", "role");

	static final int MAX_SUBJECT_LENGTH = 255;

	@Override
	public OAuth2TokenValidatorResult validate(Jwt token) {
		List<String> missing = REQUIRED.stream().filter((claim) -> !token.hasClaim(claim)).toList();
		if (missing.isEmpty()) {
			return (token.getSubject().length() <= MAX_SUBJECT_LENGTH) ? OAuth2TokenValidatorResult.success()
					: OAuth2TokenValidatorResult.failure(new OAuth2Error(OAuth2ErrorCodes.INVALID_TOKEN,
							"The token's sub is longer than " + MAX_SUBJECT_LENGTH + " characters", null));
		}
		return OAuth2TokenValidatorResult.failure(new OAuth2Error(OAuth2ErrorCodes.INVALID_TOKEN,
				"The token lacks required claims: " + String.join(", ", missing), null));
	}

}
