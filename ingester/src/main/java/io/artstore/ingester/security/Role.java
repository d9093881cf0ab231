package io.artstore.ingester.security;

import java.util.Arrays;
import java.util.List;
import java.util.Optional;

import org.springframework.security.core.authority.SimpleGrantedAuthority;

/**
 * The artStore roles, highest first. A caller holds the authority of its own role and of every
 * role below it. A role the ingester does not know grants nothing: there is no default role.
 */
public enum Role {

	SUPER_ADMIN, ADMIN, OPERATOR, READONLY, USER;

	/** The Spring Security authority that holding this role (or a higher one) grants. */
	public String authority() {
		return "ROLE_" + name();
	}

	/**
	 * The role named by a token's {@code role} claim, matched exactly (lower case, as artStore
	 * issues it).
	 * @param claim the claim value
	 * @return the role, or empty for a role the ingester does not know
	 */
	public static Optional<Role> fromClaim(String claim) {
		return Arrays.stream(values()).filter((role) -> role.name().toLowerCase().equals(claim)).findFirst();
	}

	/** The authorities a holder of this role has: its own and those of every role below it. */
	List<SimpleGrantedAuthority> grantedAuthorities() {
		return Arrays.stream(values())
			.filter((role) -> role.ordinal() >= ordinal())
			.map((role) -> new SimpleGrantedAuthority(role.authority()))
			.toList();
	}

}
