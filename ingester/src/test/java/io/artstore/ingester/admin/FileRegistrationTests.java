package io.artstore.ingester.admin;

import java.util.UUID;

import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import static org.assertj.core.api.Assertions.assertThat;

class FileRegistrationTests {

	private final JsonMapper jsonMapper = JsonMapper.builder().build();

	@Test
	void callerMetadataIsSentAsAJsonObjectAndAbsentFieldsAreLeftOut() {
		JsonNode json = this.jsonMapper
			.readTree(this.jsonMapper.writeValueAsString(registration("{\"project\":\"alpha\"}")));

		assertThat(json.get("user_metadata").get("project").asString()).isEqualTo("alpha");
		assertThat(json.get("checksum_sha256").asString()).hasSize(64);
		assertThat(json.has("ttl_days")).isFalse();
	}

	@Test
	void noMetadataMeansNoMetadataField() {
		JsonNode json = this.jsonMapper.readTree(this.jsonMapper.writeValueAsString(registration(null)));

		assertThat(json.has("user_metadata")).isFalse();
	}

	private static FileRegistration registration(String metadata) {
		UUID id = UUID.randomUUID();
		return new FileRegistration(id, "a.txt", id + ".txt", 20, "a".repeat(64), "text/plain", "", "permanent", null,
				null, "se-rw-02", "/api/v1/files/" + id, "user-1", metadata);
	}

}
