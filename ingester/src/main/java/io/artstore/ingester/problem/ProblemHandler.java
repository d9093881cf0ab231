package io.artstore.ingester.problem;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import reactor.core.publisher.Mono;

import org.springframework.dao.DataAccessException;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.RestControllerAdvice;
import org.springframework.web.reactive.result.method.annotation.ResponseEntityExceptionHandler;

/**
 * Renders every failure as {@code application/problem+json}: the ingester's own problems,
 * the framework's (415, 413, 400 from codecs, through
 * {@link ResponseEntityExceptionHandler}), and a ledger that cannot be reached.
 */
@RestControllerAdvice
class ProblemHandler extends ResponseEntityExceptionHandler {

	private static final Logger logger = LoggerFactory.getLogger(ProblemHandler.class);

	@ExceptionHandler
	Mono<ResponseEntity<ProblemDetail>> handle(ProblemException ex) {
		ResponseEntity.BodyBuilder response = ResponseEntity.status(ex.status())
			.contentType(MediaType.APPLICATION_PROBLEM_JSON);
		ex.headers().forEach(response::header);
		return Mono.just(response.body(ex.toProblemDetail()));
	}

	@ExceptionHandler
	Mono<ResponseEntity<ProblemDetail>> handle(DataAccessException ex) {
		logger.error("Upload ledger unavailable", ex);
		return handle(new ProblemException(HttpStatus.SERVICE_UNAVAILABLE, "ledger-unavailable",
				"Upload ledger unavailable", "The upload ledger cannot be reached; try again later"));
	}

}
