package io.artstore.reference.storage;

import java.util.Locale;
import java.util.Set;

import org.springframework.security.oauth2.jwt.Jwt;

/**
 * Who called, as the element reads it from a valid token: the token's subject and name, a
 * service account by its type (or an access token whose client id starts with
 * {@code sa_}), and one of the three roles the element knows, any other counting as
 * admin.
 *
 * @param subject the {@code sub} claim
 * @param name the {@code name} claim
 * @param serviceAccount whether the token is a service account's
 * @param role {@code admin}, {@code operator} or {@code user}
 */
record Caller(String subject, String name, boolean serviceAccount, String role) {

	/** Any caller of an element that checks only that a token is present. */
	static final Caller ANYONE = new Caller("anonymous", "anonymous", true, "admin");

	private static final Set<String> ROLES = Set.of("admin", "operator", "user");

	static Caller of(Jwt token) {
		String type = token.getClaimAsString("type");
		String clientId = token.getClaimAsString("client_id");
		boolean serviceAccount = "service_account".equals(type) || (("access".equals(type) || "refresh".equals(type))
				&& clientId != null && clientId.startsWith("sa_"));
		String role = token.getClaimAsString("role").toLowerCase(Locale.ROOT);
		return new Caller(token.getSubject(), token.getClaimAsString("name"), serviceAccount,
				ROLES.contains(role) ? role : "admin");
	}

	boolean isOperatorOrAdmin() {
		return !"user".equals(this.role);
	}

}
