package io.artstore.ingester.storage;

import java.time.Duration;
import java.util.List;

import org.junit.jupiter.api.Test;
import reactor.core.publisher.Flux;
import reactor.test.StepVerifier;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.core.io.buffer.DataBuffer;
import org.springframework.core.io.buffer.DefaultDataBufferFactory;
import org.springframework.http.MediaType;
import org.springframework.test.util.TestSocketUtils;
import org.springframework.util.unit.DataSize;
import org.springframework.web.reactive.function.client.WebClient;

import io.artstore.ingester.admin.ServiceTokenProvider;
import io.artstore.ingester.admin.StorageElement;
import io.artstore.ingester.problem.ProblemException;
import io.artstore.ingester.support.IngesterIntegrationTests;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * An element that cannot be reached is skipped; when none is left the answer is a 502
 * problem.
 */
class StorageElementFaultTests extends IngesterIntegrationTests {

	private static final String DEAD = "http://127.0.0.1:" + TestSocketUtils.findAvailableTcpPort();

	@Autowired
	WebClient.Builder webClientBuilder;

	@Autowired
	ServiceTokenProvider tokens;

	private final OutgoingFile file = new OutgoingFile("sample.txt", MediaType.TEXT_PLAIN, "", "temporary");

	@Test
	void unreachableElementIsSkippedForTheNextOne() {
		StoragePlacer placer = placer();

		StepVerifier
			.create(placer.store(List.of(element("se-dead", "http://dead.stub"),
					element("se-edit-01", "http://storage.stub/se-edit-01")), content(), this.file))
			.assertNext((placement) -> {
				assertThat(placement.element().elementId()).isEqualTo("se-edit-01");
				assertThat(placement.copy().checksum()).isEqualTo(SAMPLE_CHECKSUM);
			})
			.verifyComplete();
		assertThat(this.storage.requests()).containsExactly("POST /se-edit-01/api/v1/files/upload");
	}

	@Test
	void noReachableElementBecomesA502Problem() {
		StepVerifier.create(placer().store(List.of(element("se-dead", "http://dead.stub")), content(), this.file))
			.expectErrorSatisfies((ex) -> {
				assertThat(ex).isInstanceOf(ProblemException.class).hasMessageContaining("cannot be reached");
				assertThat(((ProblemException) ex).status().value()).isEqualTo(502);
			})
			.verify(Duration.ofSeconds(20));
	}

	@Test
	void noCandidateAtAllBecomesA503ProblemWithRetryAfter() {
		StepVerifier.create(placer().store(List.of(), content(), this.file))
			.expectErrorSatisfies(
					(ex) -> assertThat(((ProblemException) ex).headers()).containsEntry("Retry-After", "30"))
			.verify(Duration.ofSeconds(5));
	}

	@Test
	void deletingAFileTheElementDoesNotHoldIsNotAnError() {
		Placement gone = new Placement(element("se-edit-01", "http://storage.stub/se-edit-01"),
				storageStubUrl() + "/se-edit-01",
				new StoredCopy(java.util.UUID.fromString("00000000-0000-0000-0000-000000000000"), 1, "00"));

		StepVerifier.create(placer().delete(gone)).verifyComplete();
		assertThat(this.storage.requests())
			.containsExactly("DELETE /se-edit-01/api/v1/files/00000000-0000-0000-0000-000000000000");
	}

	private StoragePlacer placer() {
		StorageProperties properties = new StorageProperties(3, DataSize.ofMegabytes(1), DataSize.ofMegabytes(64),
				Duration.ofSeconds(5), Duration.ofSeconds(30), Duration.ofSeconds(5), 16, Duration.ofSeconds(5),
				List.of(new StorageProperties.UrlRewrite("http://dead.stub", DEAD),
						new StorageProperties.UrlRewrite("http://storage.stub", storageStubUrl())));
		return new StoragePlacer(new StorageElementClient(this.webClientBuilder, properties), this.tokens, properties);
	}

	private static StorageElement element(String id, String apiUrl) {
		return new StorageElement(id, "edit", 10, apiUrl, "online", "ok");
	}

	private static Flux<DataBuffer> content() {
		return Flux.just(DefaultDataBufferFactory.sharedInstance.wrap(SAMPLE_CONTENT.getBytes()));
	}

}
