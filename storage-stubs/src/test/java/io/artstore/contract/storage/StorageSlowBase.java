package io.artstore.contract.storage;

import java.time.Duration;
import java.util.UUID;

import io.artstore.contract.catalogue.VerificationRecorder;
import io.artstore.contract.verifier.PendingContracts;
import io.artstore.contract.verifier.PlaceholderSubstitutions;
import io.artstore.contract.verifier.ProducerUnderTest;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Base class of the tests generated from {@code contracts/storage/faults/slow}: a storage
 * element that stores uploads but answers late. A reference element that holds each
 * answer for 2 seconds, or a live one given by {@code -Dproducer.slow-url}, which a live
 * verification must name.
 */
@ExtendWith({ PendingContracts.class, VerificationRecorder.class })
public abstract class StorageSlowBase {

	static final String STUB_ELEMENT_PREFIX = "/se-edit-slow-01";

	/** The producer-side file_id of the slow upload; a fresh one each run. */
	static final String SLOW_NEW_FILE_ID = "c0ffee00-0000-4000-8000-0000000000f2";

	@BeforeAll
	static void pointAtSlowProducer() {
		ProducerUnderTest.requireLiveProducerInState("producer.slow-url", "a storage element that answers late");
		ProducerUnderTest.pointRestAssuredAt(
				ProducerUnderTest.resolve("producer.slow-url", "reference-storage-slow",
						() -> StorageBase.start("reference-storage-slow", Long.MAX_VALUE,
								(element) -> element.answerUploadsAfter(Duration.ofSeconds(2)))),
				PlaceholderSubstitutions.withToken(StorageBase::token)
					.inPath(STUB_ELEMENT_PREFIX, () -> "")
					.inMultipart(SLOW_NEW_FILE_ID, () -> UUID.randomUUID().toString()));
	}

}
