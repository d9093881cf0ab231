package io.artstore.ingester.finalize;

import java.net.URI;
import java.util.UUID;

import reactor.core.publisher.Mono;

import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.security.oauth2.server.resource.authentication.JwtAuthenticationToken;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

import io.artstore.ingester.security.Role;

/**
 * {@code POST /api/v1/finalize/{file_id}} and {@code GET
 * /api/v1/finalize/{transaction_id}/status}. A finalization runs in the background: a
 * request that starts one, or finds one still running, is answered 202 with a
 * {@code Location} to its status; one that finds it ended, 200.
 */
@RestController
@RequestMapping(path = "/api/v1/finalize", produces = MediaType.APPLICATION_JSON_VALUE)
class FinalizeController {

	private final FinalizeService finalizations;

	FinalizeController(FinalizeService finalizations) {
		this.finalizations = finalizations;
	}

	@PostMapping("/{fileId}")
	Mono<ResponseEntity<FinalizationView>> finalize(@PathVariable UUID fileId, JwtAuthenticationToken caller) {
		return this.finalizations.start(fileId, caller(caller)).map((started) -> {
			Finalization row = started.row();
			HttpStatus status = (started.created() || row.status().inFlight()) ? HttpStatus.ACCEPTED : HttpStatus.OK;
			return ResponseEntity.status(status).location(URI.create(row.statusPath())).body(FinalizationView.of(row));
		});
	}

	@GetMapping("/{transactionId}/status")
	Mono<FinalizationView> status(@PathVariable UUID transactionId, JwtAuthenticationToken caller) {
		return this.finalizations.find(transactionId, caller(caller)).map(FinalizationView::of);
	}

	private static FinalizeService.Caller caller(JwtAuthenticationToken token) {
		boolean admin = token.getAuthorities()
			.stream()
			.anyMatch((authority) -> Role.ADMIN.authority().equals(authority.getAuthority()));
		return new FinalizeService.Caller(token.getToken().getSubject(), admin);
	}

}
