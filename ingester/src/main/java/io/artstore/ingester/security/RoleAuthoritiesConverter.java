package io.artstore.ingester.security;

import java.util.List;

import reactor.core.publisher.Mono;

import org.springframework.core.convert.converter.Converter;
import org.springframework.security.authentication.AbstractAuthenticationToken;
import org.springframework.security.core.GrantedAuthority;
import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.security.oauth2.server.resource.authentication.JwtAuthenticationToken;

/**
 * Turns a token's {@code role} claim into the authorities of that role and every role
 * below it.
 */
class RoleAuthoritiesConverter implements Converter<Jwt, Mono<AbstractAuthenticationToken>> {

	@Override
	public Mono<AbstractAuthenticationToken> convert(Jwt jwt) {
		String claim = jwt.getClaimAsString("role");
		List<GrantedAuthority> authorities = (claim != null)
				? Role.fromClaim(claim).map(Role::grantedAuthorities).orElse(List.of()) : List.of();
		return Mono.just(new JwtAuthenticationToken(jwt, authorities, jwt.getSubject()));
	}

}
