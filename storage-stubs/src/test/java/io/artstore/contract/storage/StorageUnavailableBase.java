package io.artstore.contract.storage;

import java.time.Duration;

import io.artstore.contract.catalogue.VerificationRecorder;
import io.artstore.contract.verifier.PendingContracts;
import io.artstore.contract.verifier.PlaceholderSubstitutions;
import io.artstore.contract.verifier.ProducerUnderTest;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Base class of the tests generated from
 * {@code contracts/storage/pending/faults/unavailable}: a storage element that refuses
 * uploads for a while. A draining reference element, or a live one in that state given by
 * {@code -Dproducer.unavailable-url}, which a live verification must name.
 */
@ExtendWith({ PendingContracts.class, VerificationRecorder.class })
public abstract class StorageUnavailableBase {

	static final String STUB_ELEMENT_PREFIX = "/se-edit-unavailable-01";

	@BeforeAll
	static void pointAtUnavailableProducer() {
		ProducerUnderTest.requireLiveProducerInState("producer.unavailable-url", "a storage element that is draining");
		ProducerUnderTest.pointRestAssuredAt(
				ProducerUnderTest.resolve("producer.unavailable-url", "reference-storage-unavailable",
						() -> StorageBase.start("reference-storage-unavailable", Long.MAX_VALUE,
								(element) -> element.drain(Duration.ofSeconds(30)))),
				PlaceholderSubstitutions.withToken(StorageBase::token).inPath(STUB_ELEMENT_PREFIX, () -> ""));
	}

}
