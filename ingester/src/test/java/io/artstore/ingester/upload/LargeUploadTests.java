package io.artstore.ingester.upload;

import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.HexFormat;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import reactor.core.publisher.Flux;
import reactor.netty.DisposableServer;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.core.io.buffer.DataBuffer;
import org.springframework.core.io.buffer.DefaultDataBufferFactory;
import org.springframework.http.client.MultipartBodyBuilder;
import org.springframework.web.reactive.function.BodyInserters;
import org.springframework.web.reactive.function.client.WebClient;

import io.artstore.ingester.support.ForkedIngester;
import io.artstore.ingester.support.IngesterIntegrationTests;
import io.artstore.ingester.support.IngesterTestProperties;
import io.artstore.ingester.support.TestServices;
import io.artstore.ingester.support.TestTokens;
import io.artstore.reference.storage.ReferenceStorageElement;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Proves that uploads stream: a file of more than 100 MiB goes through an ingester whose
 * heap is {@value #HEAP}, far too small to hold it, to a real storage element that writes
 * it to disk. The ingester runs in a forked JVM; the Admin Module is the contract stub.
 */
class LargeUploadTests extends IngesterIntegrationTests {

	static final String HEAP = "64m";

	private static final int CHUNK = 64 * 1024;

	private static final int CHUNKS = 1600;

	private static final long SIZE = (long) CHUNK * CHUNKS + 4321;

	@TempDir
	Path elementFiles;

	@Test
	void fileOfMoreThan100MiBStreamsThroughAnIngesterWithA64MiBHeap() throws Exception {
		ReferenceStorageElement element = new ReferenceStorageElement(this.elementFiles, "edit", Long.MAX_VALUE);
		DisposableServer elementServer = element.start(0);
		Map<String, String> properties = IngesterTestProperties.forkedWithStubs(adminStubPort(), storageStubPort());
		properties.keySet().removeIf((name) -> name.startsWith("spring.cloud.contract.stubrunner"));
		properties.put("ingester.admin.cache-key-prefix", TestServices.get().redisKeyPrefix() + "large:");
		properties.put("ingester.storage.url-rewrites[0].from",
				IngesterTestProperties.STORAGE_STUB_HOST + "/se-edit-01");
		properties.put("ingester.storage.url-rewrites[0].to",
				ReferenceStorageElement.baseUrl(elementServer).toString());
		try (ForkedIngester ingester = ForkedIngester.start(HEAP, properties,
				Path.of("target", "large-upload-ingester.log"))) {
			JsonNode response = upload(ingester.baseUrl());

			assertThat(response.get("file_size").asLong()).isEqualTo(SIZE);
			assertThat(response.get("checksum").asString()).isEqualTo(expectedChecksum());
			assertThat(response.get("storage_element_id").asString()).isEqualTo("se-edit-01");
			assertThat(element.fileCount()).isOne();
			try (var stored = Files.list(this.elementFiles)) {
				assertThat(stored.toList()).singleElement()
					.satisfies((file) -> assertThat(Files.size(file)).isEqualTo(SIZE));
			}
			assertThat(ingester.isAlive()).as("the ingester survived the upload").isTrue();
		}
		finally {
			elementServer.disposeNow();
		}
	}

	private static JsonNode upload(String baseUrl) {
		MultipartBodyBuilder form = new MultipartBodyBuilder();
		form.part("description", "large upload");
		form.asyncPart("file", content(), DataBuffer.class).filename("large.bin");
		String body = WebClient.create(baseUrl)
			.post()
			.uri("/api/v1/files/upload")
			.headers((headers) -> headers.setBearerAuth(TestTokens.trusted().token("large-uploader", "user")))
			.body(BodyInserters.fromMultipartData(form.build()))
			.exchangeToMono((response) -> {
				assertThat(response.statusCode().value()).as("upload status").isEqualTo(201);
				return response.bodyToMono(String.class);
			})
			.block(Duration.ofMinutes(3));
		return JsonMapper.builder().build().readTree(body);
	}

	private static Flux<DataBuffer> content() {
		return Flux.range(0, CHUNKS + 1).map((i) -> DefaultDataBufferFactory.sharedInstance.wrap(chunk(i)));
	}

	private static String expectedChecksum() throws NoSuchAlgorithmException {
		MessageDigest sha256 = MessageDigest.getInstance("SHA-256");
		for (int i = 0; i <= CHUNKS; i++) {
			sha256.update(chunk(i));
		}
		return HexFormat.of().formatHex(sha256.digest());
	}

	private static byte[] chunk(int index) {
		byte[] chunk = new byte[(index < CHUNKS) ? CHUNK : (int) (SIZE - (long) CHUNK * CHUNKS)];
		for (int j = 0; j < chunk.length; j++) {
			chunk[j] = (byte) (index * 31 + j);
		}
		return chunk;
	}

}
