package io.artstore.ingester.security;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.ValueSource;

import org.springframework.security.core.GrantedAuthority;

import static org.assertj.core.api.Assertions.assertThat;

class RoleTests {

	@ParameterizedTest
	@EnumSource(value = Role.class, names = { "SUPER_ADMIN", "ADMIN", "OPERATOR", "USER" })
	void everyRoleButReadonlyMayUpload(Role role) {
		assertThat(role.grantedAuthorities()).extracting(GrantedAuthority::getAuthority)
			.contains(Role.UPLOAD, Role.READ);
	}

	@Test
	void readonlyMayReadButNotUpload() {
		assertThat(Role.READONLY.grantedAuthorities()).extracting(GrantedAuthority::getAuthority)
			.contains(Role.READ)
			.doesNotContain(Role.UPLOAD);
	}

	@Test
	void aRoleHoldsTheRolesRankedBelowItButNotAbove() {
		assertThat(Role.OPERATOR.grantedAuthorities()).extracting(GrantedAuthority::getAuthority)
			.contains("ROLE_OPERATOR", "ROLE_READONLY", "ROLE_USER")
			.doesNotContain("ROLE_ADMIN", "ROLE_SUPER_ADMIN");
		assertThat(Role.SUPER_ADMIN.grantedAuthorities()).hasSize(Role.values().length + 2);
	}

	@ParameterizedTest
	@ValueSource(strings = { "super_admin", "ADMIN", "Operator", "readonly", "user" })
	void knownRolesAreRecognisedInAnyCase(String claim) {
		assertThat(Role.fromClaim(claim)).isPresent();
	}

	@ParameterizedTest
	@ValueSource(strings = { "superuser", "root", "", "admin ", "ROLE_ADMIN" })
	void unknownRolesAreNotRecognised(String claim) {
		assertThat(Role.fromClaim(claim)).isEmpty();
	}

}
