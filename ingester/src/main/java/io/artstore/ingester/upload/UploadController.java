package io.artstore.ingester.upload;

import java.util.UUID;

import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.http.codec.multipart.PartEvent;
import org.springframework.http.server.reactive.ServerHttpRequest;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

import io.artstore.ingester.problem.ProblemException;
import io.artstore.ingester.storage.ContentInspector;
import io.artstore.ingester.problem.ProblemType;

/**
 * {@code POST /api/v1/files/upload} and {@code GET /api/v1/files/{file_id}}. The file
 * streams on as soon as its part starts; form fields may come before or after it.
 */
@RestController
@RequestMapping("/api/v1/files")
class UploadController {

	private final UploadService uploads;

	private final UploadLedger ledger;

	private final UploadProperties properties;

	private final PartEventParser parser;

	private final UploadPace pace;

	UploadController(UploadService uploads, UploadLedger ledger, UploadProperties properties, PartEventParser parser,
			UploadPace pace) {
		this.uploads = uploads;
		this.ledger = ledger;
		this.properties = properties;
		this.parser = parser;
		this.pace = pace;
	}

	@PostMapping(path = "/upload", consumes = MediaType.MULTIPART_FORM_DATA_VALUE,
			produces = MediaType.APPLICATION_JSON_VALUE)
	Mono<ResponseEntity<UploadResponse>> upload(
			@RequestHeader(name = "Content-Length", required = false) Long contentLength,
			@RequestHeader(name = "Idempotency-Key", required = false) String idempotencyKeyHeader,
			ServerHttpRequest request, @AuthenticationPrincipal Jwt caller) {
		String idempotencyKey;
		try {
			idempotencyKey = IdempotencyKeys.parse(idempotencyKeyHeader);
		}
		catch (ProblemException ex) {
			return Mono.error(ex);
		}
		long maxFileSize = this.properties.maxFileSize().toBytes();
		if (contentLength != null && contentLength > maxFileSize + this.properties.maxFormOverhead().toBytes()) {
			return Mono.error(ContentInspector.tooLarge(maxFileSize));
		}
		return this.pace.withinLimits(() -> {
			Flux<PartEvent> parts = this.parser.parse(request.getHeaders().getContentType(),
					this.pace.paced(request.getBody()));
			return this.uploads.upload(parts, caller.getSubject(), idempotencyKey);
		}).map((response) -> ResponseEntity.status(HttpStatus.CREATED).body(response));
	}

	@GetMapping(path = "/{fileId}", produces = MediaType.APPLICATION_JSON_VALUE)
	Mono<UploadResponse> find(@PathVariable UUID fileId, @AuthenticationPrincipal Jwt caller) {
		return this.ledger.findRegistered(fileId, caller.getSubject())
			.map(UploadResponse::of)
			.switchIfEmpty(Mono.error(() -> new ProblemException(ProblemType.UPLOAD_NOT_FOUND,
					"No upload " + fileId + " of yours is registered")));
	}

}
