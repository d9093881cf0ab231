package io.artstore.ingester.problem;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import reactor.core.publisher.Mono;

import org.springframework.dao.DataAccessException;
import org.springframework.http.MediaType;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.RestControllerAdvice;
import org.springframework.web.reactive.result.method.annotation.ResponseEntityExceptionHandler;

/**
 * Renders every failure as {@code application/problem+json}: the ingester's own problems,
 * the framework's (415, 413, 400 from codecs, through
 * {@link ResponseEntityExceptionHandler}), a ledger that cannot be reached and anything
 * unforeseen. A 5xx problem's details are logged once, where they are known, under its
 * error id: by the upload's own log line, or here for the ledger and the unforeseen.
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
		ProblemException problem = new ProblemException(ProblemType.LEDGER_UNAVAILABLE,
				"The upload ledger failed: " + ex.getMessage());
		logger.error("Upload ledger unavailable, error_id={}", problem.errorId(), ex);
		return handle(problem);
	}

	/** Anything else: a 500 that says nothing of the cause, which is logged. */
	@ExceptionHandler
	Mono<ResponseEntity<ProblemDetail>> handle(RuntimeException ex) {
		ProblemException problem = new ProblemException(ProblemType.INTERNAL_ERROR, String.valueOf(ex.getMessage()));
		logger.error("Unexpected failure, error_id={}", problem.errorId(), ex);
		return handle(problem);
	}

}
