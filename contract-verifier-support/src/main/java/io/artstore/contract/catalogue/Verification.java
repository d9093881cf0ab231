package io.artstore.contract.catalogue;

import io.artstore.contract.verifier.ProducerUnderTest;

/**
 * One run of a contract's generated test against a producer.
 *
 * @param contract the contract's name
 * @param producer the producer: {@code reference} or the live service's base URL
 * @param at when, as an ISO-8601 instant
 * @param outcome {@code passed}, {@code failed: <reason>},
 * {@code pending, the producer does not
 * offer it: <reason>} (a pending contract against a live producer) or
 * {@code not verified: <reason>}
 */
public record Verification(String contract, String producer, String at, String outcome) {

	/** The producer value of a reference producer started by the build. */
	public static final String REFERENCE = ProducerUnderTest.REFERENCE;

}
