package io.artstore.ingester.security;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;

import org.springframework.security.core.GrantedAuthority;
import org.springframework.security.core.authority.SimpleGrantedAuthority;

/**
 * The artStore roles, highest first. A caller holds the authority of its own role and of
 * every role below it, plus the ingester permissions of its role: every role may read its
 * own uploads, and every role but {@code readonly} may upload. A role the ingester does
 * not know grants nothing: there is no default role.
 */
public enum Role {

	SUPER_ADMIN(true), ADMIN(true), OPERATOR(true), READONLY(false), USER(true);

	/** The permission to upload files. */
	public static final String UPLOAD = "files:upload";

	/** The permission to read one's own uploads. */
	public static final String READ = "files:read";

	private final boolean mayUpload;

	Role(boolean mayUpload) {
		this.mayUpload = mayUpload;
	}

	/** The Spring Security authority that holding this role (or a higher one) grants. */
	public String authority() {
		return "ROLE_" + name();
	}

	/**
	 * The role named by a token's {@code role} claim, in any letter case (artStore issues
	 * user roles in lower case and service account roles in upper case).
	 * @param claim the claim value
	 * @return the role, or empty for a role the ingester does not know
	 */
	public static Optional<Role> fromClaim(String claim) {
		return Arrays.stream(values()).filter((role) -> role.name().equalsIgnoreCase(claim)).findFirst();
	}

	/** The authorities a holder of this role has. */
	List<GrantedAuthority> grantedAuthorities() {
		List<GrantedAuthority> authorities = new ArrayList<>();
		Arrays.stream(values())
			.filter((role) -> role.ordinal() >= ordinal())
			.forEach((role) -> authorities.add(new SimpleGrantedAuthority(role.authority())));
		authorities.add(new SimpleGrantedAuthority(READ));
		if (this.mayUpload) {
			authorities.add(new SimpleGrantedAuthority(UPLOAD));
		}
		return authorities;
	}

}
