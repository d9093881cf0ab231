package io.artstore.ingester.support;

import java.time.Duration;
import java.util.List;

import org.springframework.data.r2dbc.core.R2dbcEntityTemplate;
import org.springframework.data.relational.core.query.Criteria;
import org.springframework.data.relational.core.query.Query;
import org.springframework.test.web.reactive.server.EntityExchangeResult;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The checks every hostile case ends with: a problem answer that names no host, port,
 * path or upstream text, no ledger row, no registration, and no copy left on an element.
 */
public final class LeavesNoTrace {

	private static final List<String> INTERNALS = List.of("127.0.0.1", "localhost", "storage.stub", "/se-edit",
			"/se-rw", "http://", "Exception", "\tat ", "WireMock", "Connection refused", "jdbc", "r2dbc");

	private LeavesNoTrace() {
	}

	public static void assertAnswerNamesNothingBehindTheIngester(EntityExchangeResult<byte[]> result,
			int... stubPorts) {
		byte[] body = result.getResponseBody();
		String text = (body != null) ? new String(body) : "";
		assertThat(text).as("answer").doesNotContain(INTERNALS);
		for (int port : stubPorts) {
			assertThat(text).as("answer").doesNotContain(":" + port);
		}
	}

	public static void assertNothingLeft(R2dbcEntityTemplate database, String uploader, StubJournal admin,
			StubJournal storage) {
		Long rows = database.count(Query.query(Criteria.where("uploaded_by").is(uploader)), LedgerRow.class)
			.block(Duration.ofSeconds(5));
		assertThat(rows).as("ledger rows of " + uploader).isZero();
		assertThat(admin.requests()).as("registrations").doesNotContain("POST /api/v1/files");
		List<String> stored = storage.requests().stream().filter((request) -> request.startsWith("POST")).toList();
		List<String> deleted = storage.requests().stream().filter((request) -> request.startsWith("DELETE")).toList();
		assertThat(deleted).as("copies deleted again, one per copy stored").hasSameSizeAs(stored);
	}

}
