package io.artstore.ingester.storage;

import java.util.UUID;

import org.junit.jupiter.api.Test;
import tools.jackson.databind.json.JsonMapper;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A 404 is an answer about a file only when it names the file: the storage element at
 * BigKAA/artStore 68241ca says {@code File <id> not found} (metadata) and
 * {@code File not found: <id>} (delete); FastAPI says {@code Not Found} for a route the
 * element lacks, and the Admin Module rewrites every 404 to {@code Resource not found}.
 */
class NotFoundTests {

	private static final UUID ID = UUID.fromString("3b9e5a2c-8d1f-4e6a-b7c0-9f2e1d3c4b5a");

	private final JsonMapper json = JsonMapper.builder().build();

	@Test
	void theElementsNotFoundForAFileNamesIt() {
		assertThat(read("{\"detail\":\"File " + ID + " not found\"}").namesFile(ID)).isTrue();
		assertThat(read("{\"detail\": \"File not found: " + ID + "\"}").namesFile(ID)).isTrue();
	}

	@Test
	void anUnknownRouteOrAnotherFileIsNoAnswerAboutThisFile() {
		assertThat(read("{\"detail\":\"Not Found\"}").namesFile(ID)).isFalse();
		assertThat(read("{\"detail\":\"Resource not found\",\"path\":\"/api/v1/files/" + ID + "\"}").namesFile(ID))
			.isFalse();
		assertThat(read("{\"detail\":\"File " + UUID.randomUUID() + " not found\"}").namesFile(ID)).isFalse();
		assertThat(read("{}").namesFile(ID)).isFalse();
		assertThat(new NotFound(null).namesFile(ID)).isFalse();
	}

	private NotFound read(String body) {
		return this.json.readValue(body, NotFound.class);
	}

}
