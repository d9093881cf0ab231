package io.artstore.contract.verifier;

import java.nio.charset.StandardCharsets;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;

import io.restassured.RestAssured;
import io.restassured.builder.ResponseBuilder;
import io.restassured.specification.FilterableRequestSpecification;
import io.restassured.specification.MultiPartSpecification;
import io.restassured.specification.RequestSpecification;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.entry;

class PlaceholderSubstitutionsTests {

	private static final String PLACEHOLDER = "c0ffee00-0000-4000-8000-0000000000f1";

	private final AtomicInteger calls = new AtomicInteger();

	private final PlaceholderSubstitutions substitutions = PlaceholderSubstitutions.withToken(() -> "real-token")
		.inPath("/placeholder-id", () -> "/real-id")
		.inBody("placeholder-id", () -> "real-id")
		.inMultipart(PLACEHOLDER, () -> "real-field-" + this.calls.incrementAndGet());

	@Test
	void replacesATokenAPathAndABody() {
		FilterableRequestSpecification sent = send(RestAssured.given()
			.header("Authorization", "Bearer " + ProducerUnderTest.PLACEHOLDER_TOKEN)
			.body("{\"file_id\":\"placeholder-id\"}"), "/files/placeholder-id");

		assertThat(sent.getHeaders().getValue("Authorization")).isEqualTo("Bearer real-token");
		assertThat(sent.getUserDefinedPath()).isEqualTo("/files/real-id");
		assertThat((String) sent.getBody()).isEqualTo("{\"file_id\":\"real-id\"}");
	}

	@Test
	void replacesAnIdInThePathAndTheBodyWithOneValue() {
		AtomicInteger registrations = new AtomicInteger();
		PlaceholderSubstitutions substitutions = PlaceholderSubstitutions.withToken(() -> "real-token")
			.inPathAndBody("2b3c4d5e", () -> "registered-" + registrations.incrementAndGet());

		FilterableRequestSpecification sent = send(
				RestAssured.given().filter(substitutions).body("{\"storage_path\":\"/files/2b3c4d5e\"}"),
				"/files/2b3c4d5e");

		assertThat(sent.getUserDefinedPath()).isEqualTo("/files/registered-1");
		assertThat((String) sent.getBody()).isEqualTo("{\"storage_path\":\"/files/registered-1\"}");
	}

	@Test
	void replacesAMultipartFieldSentAsARequestParameterAndKeepsTheFieldsInOrder() {
		FilterableRequestSpecification sent = send(RestAssured.given()
			.param("file_id", PLACEHOLDER)
			.param("description", "kept")
			.multiPart("file", "sample.txt", "content".getBytes(StandardCharsets.UTF_8)), "/upload");

		assertThat(sent.getRequestParams()).containsExactly(entry("file_id", "real-field-1"),
				entry("description", "kept"));
	}

	@Test
	void leavesFieldsWithOtherValuesAndFilePartsAlone() {
		byte[] content = PLACEHOLDER.getBytes(StandardCharsets.UTF_8);
		FilterableRequestSpecification sent = send(RestAssured.given()
			.param("file_id", "3b9e5a2c-8d1f-4e6a-b7c0-9f2e1d3c4b5a")
			.multiPart("file", "sample.txt", content), "/upload");

		assertThat(sent.getRequestParams()).containsExactly(entry("file_id", "3b9e5a2c-8d1f-4e6a-b7c0-9f2e1d3c4b5a"));
		assertThat(sent.getMultiPartParams()).singleElement()
			.extracting(MultiPartSpecification::getContent)
			.isEqualTo(content);
		assertThat(this.calls).hasValue(0);
	}

	@Test
	void computesAFieldValueOnceAndReusesIt() {
		send(RestAssured.given().param("file_id", PLACEHOLDER).multiPart("file", "a.txt", new byte[1]), "/upload");
		FilterableRequestSpecification second = send(
				RestAssured.given().param("file_id", PLACEHOLDER).multiPart("file", "a.txt", new byte[1]), "/upload");

		assertThat(second.getRequestParams()).containsEntry("file_id", "real-field-1");
		assertThat(this.calls).hasValue(1);
	}

	private FilterableRequestSpecification send(RequestSpecification request, String path) {
		AtomicReference<FilterableRequestSpecification> sent = new AtomicReference<>();
		request.filter(this.substitutions).filter((spec, response, context) -> {
			sent.set(spec);
			return new ResponseBuilder().setStatusCode(204).setBody("").build();
		}).post("http://127.0.0.1:9" + path);
		return sent.get();
	}

}
