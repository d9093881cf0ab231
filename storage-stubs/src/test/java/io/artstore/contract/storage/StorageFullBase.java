package io.artstore.contract.storage;

import java.net.URI;
import java.util.function.UnaryOperator;

import io.artstore.contract.catalogue.VerificationRecorder;
import io.artstore.contract.verifier.PendingContracts;
import io.artstore.contract.verifier.PlaceholderSubstitutions;
import io.artstore.contract.verifier.ProducerUnderTest;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Base class of the tests generated from {@code contracts/storage/pending/full}: a
 * storage element that has no free space. A reference element with zero capacity, or a
 * live full element given by {@code -Dproducer.full-url}, which a live verification must
 * name.
 */
@ExtendWith({ PendingContracts.class, VerificationRecorder.class })
public abstract class StorageFullBase {

	/**
	 * The base path by which the stubs pick a full element; a real element serves at its
	 * root.
	 */
	static final String STUB_ELEMENT_PREFIX = "/se-rw-full-01";

	@BeforeAll
	static void pointAtFullProducer() {
		ProducerUnderTest.requireLiveProducerInState("producer.full-url", "a storage element that is out of space");
		URI baseUrl = ProducerUnderTest.resolve("producer.full-url", "reference-storage-full",
				() -> StorageBase.start("reference-storage-full", 0, UnaryOperator.identity()));
		ProducerUnderTest.pointRestAssuredAt(baseUrl,
				PlaceholderSubstitutions.withToken(StorageBase::token).inPath(STUB_ELEMENT_PREFIX, () -> ""));
	}

}
