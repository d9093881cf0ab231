package io.artstore.ingester.problem;

import java.util.Map;

import org.junit.jupiter.api.Test;

import org.springframework.dao.DataAccessResourceFailureException;
import org.springframework.http.MediaType;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;

import static org.assertj.core.api.Assertions.assertThat;

class ProblemHandlerTests {

	private final ProblemHandler handler = new ProblemHandler();

	@Test
	void unreachableLedgerIsA503Problem() {
		ResponseEntity<ProblemDetail> response = this.handler
			.handle(new DataAccessResourceFailureException("connection refused"))
			.block();

		assertThat(response.getStatusCode().value()).isEqualTo(503);
		assertThat(response.getHeaders().getContentType()).isEqualTo(MediaType.APPLICATION_PROBLEM_JSON);
		assertThat(response.getBody().getType().toString())
			.isEqualTo(ProblemException.TYPE_BASE + "ledger-unavailable");
	}

	@Test
	void problemHeadersAndTypeReachTheResponse() {
		ResponseEntity<ProblemDetail> response = this.handler
			.handle(new ProblemException(ProblemType.NO_STORAGE_AVAILABLE, "full", Map.of("Retry-After", "30")))
			.block();

		assertThat(response.getHeaders().getFirst("Retry-After")).isEqualTo("30");
		assertThat(response.getBody().getTitle()).isEqualTo("No storage available");
		// A 5xx detail is a fixed text with the error id; what went wrong is logged only.
		assertThat(response.getBody().getDetail()).doesNotContain("full").contains("error id");
		assertThat(response.getBody().getProperties()).containsKey("error_id");
	}

}
