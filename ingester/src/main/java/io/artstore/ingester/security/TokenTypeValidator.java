package io.artstore.ingester.security;

import java.util.List;

import org.springframework.security.oauth2.core.OAuth2Error;
import org.springframework.security.oauth2.core.OAuth2ErrorCodes;
import org.springframework.security.oauth2.core.OAuth2TokenValidator;
import org.springframework.security.oauth2.core.OAuth2TokenValidatorResult;
import org.springframework.security.oauth2.jwt.Jwt;

/**
 * Lets only access tokens call the API: the {@code type} claim the Admin Module sets must
 * be one of {@code ingester.security.jwt.accepted-types}. A refresh token, signed by the
 * same key and with the same {@code sub} and {@code role}, is refused.
 */
class TokenTypeValidator implements OAuth2TokenValidator<Jwt> {

	private static final OAuth2TokenValidatorResult REFUSED = OAuth2TokenValidatorResult
		.failure(new OAuth2Error(OAuth2ErrorCodes.INVALID_TOKEN, "This type of token may not call the API", null));

	private final List<String> accepted;

	TokenTypeValidator(List<String> accepted) {
		this.accepted = List.copyOf(accepted);
	}

	@Override
	public OAuth2TokenValidatorResult validate(Jwt token) {
		Object type = token.getClaims().get("type");
		return (type instanceof String value && this.accepted.contains(value)) ? OAuth2TokenValidatorResult.success()
				: REFUSED;
	}

}
