package io.artstore.ingester.security;

import java.net.URI;

import reactor.core.publisher.Mono;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.core.io.buffer.DataBuffer;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.http.ProblemDetail;
import org.springframework.security.access.AccessDeniedException;
import org.springframework.security.core.AuthenticationException;
import org.springframework.security.oauth2.core.OAuth2AuthenticationException;
import org.springframework.web.server.ServerWebExchange;

import io.artstore.ingester.problem.ProblemException;
import io.artstore.ingester.problem.ProblemType;

/**
 * 401 and 403 answers as problem details, with the {@code WWW-Authenticate: Bearer}
 * challenge of RFC 6750.
 */
class ProblemResponses {

	private final JsonMapper jsonMapper;

	ProblemResponses(JsonMapper jsonMapper) {
		this.jsonMapper = jsonMapper;
	}

	Mono<Void> unauthorized(ServerWebExchange exchange, AuthenticationException ex) {
		String challenge = "Bearer";
		if (ex instanceof OAuth2AuthenticationException oauth) {
			challenge = "Bearer error=\"" + oauth.getError().getErrorCode() + "\"";
		}
		exchange.getResponse().getHeaders().set(HttpHeaders.WWW_AUTHENTICATE, challenge);
		// The reason (ex.getMessage()) stays out of the answer: it is the token decoder's
		// account of what it checked.
		return write(exchange, ProblemType.UNAUTHENTICATED, "A valid bearer access token is required");
	}

	Mono<Void> forbidden(ServerWebExchange exchange, AccessDeniedException ex) {
		exchange.getResponse().getHeaders().set(HttpHeaders.WWW_AUTHENTICATE, "Bearer error=\"insufficient_scope\"");
		return write(exchange, ProblemType.FORBIDDEN, "The token's role does not allow this request");
	}

	private Mono<Void> write(ServerWebExchange exchange, ProblemType type, String detail) {
		ProblemDetail problem = new ProblemException(type, detail).toProblemDetail();
		problem.setInstance(URI.create(exchange.getRequest().getPath().value()));
		exchange.getResponse().setStatusCode(type.status());
		HttpHeaders headers = exchange.getResponse().getHeaders();
		headers.setContentType(MediaType.APPLICATION_PROBLEM_JSON);
		DataBuffer body = exchange.getResponse().bufferFactory().wrap(this.jsonMapper.writeValueAsBytes(problem));
		return exchange.getResponse().writeWith(Mono.just(body));
	}

}
