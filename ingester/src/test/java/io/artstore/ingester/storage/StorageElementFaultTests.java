package io.artstore.ingester.storage;

import java.time.Duration;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;

import org.junit.jupiter.api.Test;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
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
 * problem. An element that failed after the file went out may hold a copy; one that keeps
 * failing is skipped by its circuit breaker, one that refuses (507) is not.
 */
class StorageElementFaultTests extends IngesterIntegrationTests {

	private static final String DEAD = "http://127.0.0.1:" + TestSocketUtils.findAvailableTcpPort();

	@Autowired
	WebClient.Builder webClientBuilder;

	@Autowired
	ServiceTokenProvider tokens;

	private static final UUID NIL = new UUID(0, 0);

	private final OutgoingFile file = OutgoingFile.known("sample.txt", MediaType.TEXT_PLAIN, "temporary", "");

	@Test
	void unreachableElementIsSkippedForTheNextOne() {
		StoragePlacer placer = placer();

		StepVerifier.create(placer.store(
				List.of(element("se-dead", "http://dead.stub"),
						element("se-edit-01", "http://storage.stub/se-edit-01")),
				content(), this.file, UUID.randomUUID(), new RecordingJournal()))
			.assertNext((placement) -> {
				assertThat(placement.element().elementId()).isEqualTo("se-edit-01");
				assertThat(placement.copy().checksum()).isEqualTo(SAMPLE_CHECKSUM);
			})
			.verifyComplete();
		assertThat(this.storage.requests()).containsExactly("POST /se-edit-01/api/v1/files/upload");
	}

	@Test
	void noReachableElementBecomesA502Problem() {
		StepVerifier
			.create(placer().store(List.of(element("se-dead", "http://dead.stub")), content(), this.file,
					UUID.randomUUID(), new RecordingJournal()))
			.expectErrorSatisfies((ex) -> {
				assertThat(ex).isInstanceOf(ProblemException.class).hasMessageContaining("cannot be reached");
				assertThat(((ProblemException) ex).status().value()).isEqualTo(502);
			})
			.verify(Duration.ofSeconds(20));
	}

	@Test
	void noCandidateAtAllBecomesA503ProblemWithRetryAfter() {
		StepVerifier.create(placer().store(List.of(), content(), this.file, UUID.randomUUID(), new RecordingJournal()))
			.expectErrorSatisfies(
					(ex) -> assertThat(((ProblemException) ex).headers()).containsEntry("Retry-After", "30"))
			.verify(Duration.ofSeconds(5));
	}

	@Test
	void anElementIsAskedForTheCopyItStoredUnderAnUploadsId() {
		// Contracts shouldDescribeStoredFile and shouldAnswerNotFoundForUnknownFile (the
		// nil UUID)
		UUID uploadId = UUID.randomUUID();
		StepVerifier.create(placer().findCopy("http://storage.stub/se-edit-01", uploadId))
			.assertNext((copy) -> assertThat(copy.checksum()).isEqualTo(SAMPLE_CHECKSUM))
			.verifyComplete();
		StepVerifier.create(placer().findCopy("http://storage.stub/se-edit-01", new UUID(0, 0))).verifyComplete();
		assertThat(this.storage.requests()).containsExactly("GET /se-edit-01/api/v1/files/" + uploadId,
				"GET /se-edit-01/api/v1/files/00000000-0000-0000-0000-000000000000");
	}

	@Test
	void deletingAFileTheElementDoesNotHoldIsNotAnError() {
		Placement gone = new Placement(element("se-edit-01", "http://storage.stub/se-edit-01"),
				storageStubUrl() + "/se-edit-01",
				new StoredCopy(java.util.UUID.fromString("00000000-0000-0000-0000-000000000000"), 1, "00"));

		StepVerifier.create(placer().delete(gone)).verifyComplete();
		// Contract shouldAnswerAlreadyDeletedForMissingCopy: gc removal is idempotent
		assertThat(this.storage.requests())
			.containsExactly("DELETE /se-edit-01/api/v1/gc/00000000-0000-0000-0000-000000000000");
	}

	@Test
	void anElementThatResetsTheConnectionIsAskedForTheIdAndTheCopyItHoldsIsThePlacement() {
		// Fault contract shouldResetConnectionBeforeAnswering: base path "-reset-<n>";
		// contract shouldDescribeStoredFile: the element holds the id asked about
		RecordingJournal journal = new RecordingJournal();
		UUID uploadId = UUID.randomUUID();
		StepVerifier.create(placer().store(
				List.of(element("se-reset", "http://storage.stub/se-edit-reset-01"),
						element("se-edit-01", "http://storage.stub/se-edit-01")),
				content(), this.file, uploadId, journal))
			.assertNext((placement) -> {
				assertThat(placement.element().elementId()).isEqualTo("se-reset");
				assertThat(placement.copy().fileId()).isEqualTo(uploadId);
			})
			.verifyComplete();
		assertThat(journal.attempting).containsExactly("se-reset");
		assertThat(journal.mayHold).isEmpty();
		assertThat(this.storage.requests()).containsExactly("POST /se-edit-reset-01/api/v1/files/upload",
				"GET /se-edit-reset-01/api/v1/files/" + uploadId);
	}

	@Test
	void anElementThatResetsTheConnectionAndHoldsNothingYetMayStillBeWritingAndOneThatIsFullHoldsNothing() {
		// the nil id is the one the stub's element does not hold
		// (shouldAnswerNotFoundForUnknownFile): after a reset, its 404 is not certain
		RecordingJournal journal = new RecordingJournal();
		StepVerifier
			.create(placer().store(
					List.of(element("se-reset", "http://storage.stub/se-edit-reset-01"),
							element("se-full", "http://storage.stub/se-rw-full-01"),
							element("se-edit-01", "http://storage.stub/se-edit-01")),
					content(), this.file, NIL, journal))
			.assertNext((placement) -> assertThat(placement.element().elementId()).isEqualTo("se-edit-01"))
			.verifyComplete();
		assertThat(journal.attempting).containsExactly("se-reset", "se-full", "se-edit-01");
		assertThat(journal.mayHold).containsExactly("se-reset");
	}

	@Test
	void anElementThatAnswersAfterTheResponseTimeoutIsAskedForTheId() {
		// Fault contract shouldStoreUploadButAnswerSlowly: base path "-slow-<n>", 2 s
		// late; the look-up answers at once
		RecordingJournal journal = new RecordingJournal();
		StepVerifier
			.create(placer(Duration.ofMillis(500)).store(
					List.of(element("se-slow", "http://storage.stub/se-edit-slow-01"),
							element("se-edit-01", "http://storage.stub/se-edit-01")),
					content(), this.file, NIL, journal))
			.assertNext((placement) -> assertThat(placement.element().elementId()).isEqualTo("se-edit-01"))
			.verifyComplete();
		assertThat(journal.mayHold).containsExactly("se-slow");
		assertThat(this.storage.requests()).contains("GET /se-edit-slow-01/api/v1/files/" + NIL);
	}

	@Test
	void anElementThatIsUnavailableHoldsNoCopyAndNoneLeftIsA503WithRetryAfter() {
		// Fault contract shouldRefuseUploadWhileUnavailable: base path "-unavailable-<n>"
		RecordingJournal attempts = new RecordingJournal();
		StepVerifier
			.create(placer().store(
					List.of(element("se-unavailable", "http://storage.stub/se-edit-unavailable-01"),
							element("se-edit-01", "http://storage.stub/se-edit-01")),
					content(), this.file, UUID.randomUUID(), attempts))
			.assertNext((placement) -> assertThat(placement.element().elementId()).isEqualTo("se-edit-01"))
			.verifyComplete();
		assertThat(attempts.mayHold).as("a 503 is an answer that nothing was stored").isEmpty();
		assertThat(attempts.attempting).containsExactly("se-unavailable", "se-edit-01");

		StepVerifier
			.create(placer().store(List.of(element("se-unavailable", "http://storage.stub/se-edit-unavailable-01")),
					content(), this.file, UUID.randomUUID(), new RecordingJournal()))
			.expectErrorSatisfies((ex) -> {
				assertThat(((ProblemException) ex).status().value()).isEqualTo(503);
				assertThat(((ProblemException) ex).headers()).containsKey("Retry-After");
			})
			.verify(Duration.ofSeconds(10));
	}

	@Test
	void anElementThatKeepsFailingIsSkippedWithoutARequestOnceItsBreakerOpens() {
		StoragePlacer placer = placer();
		List<StorageElement> candidates = List.of(element("se-reset", "http://storage.stub/se-edit-reset-01"),
				element("se-edit-01", "http://storage.stub/se-edit-01"));
		for (int upload = 0; upload < 8; upload++) {
			// the nil id, which the stub's element does not hold: no copy is found
			StepVerifier.create(placer.store(candidates, content(), this.file, NIL, new RecordingJournal()))
				.assertNext((placement) -> assertThat(placement.element().elementId()).isEqualTo("se-edit-01"))
				.verifyComplete();
		}
		assertThat(this.storage.requests()).as("requests that reached the failing element")
			.filteredOn((request) -> request.startsWith("POST /se-edit-reset-01"))
			.hasSize(4);
	}

	@Test
	void refusalsOfAHealthyElementDoNotOpenItsBreaker() {
		StoragePlacer placer = placer();
		List<StorageElement> candidates = List.of(element("se-full", "http://storage.stub/se-rw-full-01"),
				element("se-edit-01", "http://storage.stub/se-edit-01"));
		for (int upload = 0; upload < 6; upload++) {
			StepVerifier
				.create(placer.store(candidates, content(), this.file, UUID.randomUUID(), new RecordingJournal()))
				.expectNextCount(1)
				.verifyComplete();
		}
		assertThat(this.storage.requests()).filteredOn((request) -> request.contains("se-rw-full-01")).hasSize(6);
	}

	/** What a placement wrote down, in order. */
	static final class RecordingJournal implements PlacementJournal {

		final List<String> attempting = new CopyOnWriteArrayList<>();

		final List<String> mayHold = new CopyOnWriteArrayList<>();

		@Override
		public Mono<Void> attempting(StorageElement element) {
			this.attempting.add(element.elementId());
			return Mono.empty();
		}

		@Override
		public Mono<Void> mayHold(StorageElement element, String reason) {
			this.mayHold.add(element.elementId());
			return Mono.empty();
		}

	}

	private StoragePlacer placer() {
		return placer(Duration.ofSeconds(5));
	}

	private StoragePlacer placer(Duration responseTimeout) {
		StorageProperties properties = new StorageProperties(3, DataSize.ofMegabytes(1), DataSize.ofMegabytes(64),
				responseTimeout, Duration.ofSeconds(30), Duration.ofSeconds(5), Duration.ofSeconds(5), 16,
				Duration.ofSeconds(5), DataSize.ofKilobytes(64),
				new StorageProperties.CircuitBreakerSettings(50, 10, 4, Duration.ofMinutes(1)),
				List.of(new StorageProperties.UrlRewrite("http://dead.stub", DEAD),
						new StorageProperties.UrlRewrite("http://storage.stub", storageStubUrl())));
		return new StoragePlacer(new StorageElementClient(this.webClientBuilder, properties), this.tokens, properties);
	}

	private static StorageElement element(String id, String apiUrl) {
		return new StorageElement(id, "edit", 10, apiUrl, "healthy", "ok");
	}

	private static Flux<DataBuffer> content() {
		return Flux.just(DefaultDataBufferFactory.sharedInstance.wrap(SAMPLE_CONTENT.getBytes()));
	}

}
