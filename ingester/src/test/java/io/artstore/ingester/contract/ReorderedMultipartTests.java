package io.artstore.ingester.contract;

import java.nio.charset.StandardCharsets;
import java.util.UUID;

import org.junit.jupiter.api.Test;

import org.springframework.http.HttpStatus;
import org.springframework.web.reactive.function.client.WebClient;

import io.artstore.ingester.support.IngesterIntegrationTests;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The storage stub matches an upload by its parts, not by its bytes: a consumer that
 * writes the parts in another order, the {@code Content-Disposition} parameters in
 * another order and other part headers around them still meets the contract
 * {@code shouldStoreUploadedFile}. The stub the contract plugin generates on its own
 * matched one regular expression per part over the raw body, with {@code name} before
 * {@code filename} and {@code Content-Type} after {@code Content-Disposition}
 * (spring-cloud-contract#1411). {@code MultipartStubMatchingTests} in storage-stubs
 * checks the mappings in a plain WireMock, refusals included; this is the same proof in a
 * consumer's build, through Stub Runner, as the contract's consumers run it.
 */
class ReorderedMultipartTests extends IngesterIntegrationTests {

	private static final String BOUNDARY = "other-client-7d1f";

	@Test
	void partsInAnotherOrderWithOtherHeadersStillMatchTheUploadContract() {
		UUID fileId = UUID.randomUUID();
		String body = "preamble the parser must skip\r\n"
				+ part("Content-Type: text/plain; charset=UTF-8", "X-Client-Part: 3",
						"Content-Disposition: form-data; name=\"retention_policy\"")
				+ "temporary\r\n"
				+ part("Content-Type: application/octet-stream",
						"Content-Disposition: form-data; filename=\"sample.txt\"; name=\"file\"")
				+ SAMPLE_CONTENT + "\r\n"
				+ part("content-disposition: form-data; name=\"description\"", "Content-Length: 17")
				+ "written elsewhere\r\n" + part("Content-Disposition: form-data; name=\"file_id\"") + fileId + "\r\n"
				+ "--" + BOUNDARY + "--\r\n";

		var answer = WebClient.create(storageStubUrl())
			.post()
			.uri("/se-edit-01/api/v1/files/upload")
			.header("Authorization", "Bearer from-another-client")
			.header("Content-Type", "multipart/form-data; boundary=" + BOUNDARY)
			.bodyValue(body.getBytes(StandardCharsets.UTF_8))
			.retrieve()
			.toEntity(String.class)
			.block();

		assertThat(answer.getStatusCode()).isEqualTo(HttpStatus.CREATED);
		assertThat(answer.getBody()).contains(SAMPLE_CHECKSUM).contains("\"file_id\":\"" + fileId + "\"");
		assertThat(this.storage.requests()).containsExactly("POST /se-edit-01/api/v1/files/upload");
	}

	private static String part(String... headers) {
		return "--" + BOUNDARY + "\r\n" + String.join("\r\n", headers) + "\r\n\r\n";
	}

}
