package io.artstore.ingester.storage;

import java.util.UUID;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A 404 is an answer about a file only when it names the file: the storage element at
 * BigKAA/artStore 68241ca says {@code File <id> not found} (metadata) and
 * {@code File not found: <id>} (delete); FastAPI says {@code Not Found} for a route the
 * element lacks, and the Admin Module rewrites every 404 to {@code Resource not found}.
 */
class NotFoundTests {

	private static final UUID ID = UUID.fromString("3b9e5a2c-8d1f-4e6a-b7c0-9f2e1d3c4b5a");

	@Test
	void theElementsNotFoundForAFileNamesIt() {
		assertThat(NotFound.namesFile("{\"detail\":\"File " + ID + " not found\"}", ID)).isTrue();
		assertThat(NotFound.namesFile("{\"detail\": \"File not found: " + ID + "\"}", ID)).isTrue();
	}

	@Test
	void anUnknownRouteOrAnotherFileIsNoAnswerAboutThisFile() {
		assertThat(NotFound.namesFile("{\"detail\":\"Not Found\"}", ID)).isFalse();
		assertThat(NotFound.namesFile("{\"detail\":\"Resource not found\",\"path\":\"/api/v1/files/" + ID + "\"}", ID))
			.isFalse();
		assertThat(NotFound.namesFile("{\"detail\":\"File " + UUID.randomUUID() + " not found\"}", ID)).isFalse();
		assertThat(NotFound.namesFile("<html>404</html>", ID)).isFalse();
		assertThat(NotFound.namesFile("", ID)).isFalse();
	}

}
