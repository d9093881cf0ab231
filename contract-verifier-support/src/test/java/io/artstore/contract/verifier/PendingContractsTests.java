package io.artstore.contract.verifier;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class PendingContractsTests {

	@Test
	void aContractIsPendingWhenAFolderOnItsPathIsNamedPending() {
		assertThat(PendingContracts.isPending("storage/pending/full")).isTrue();
		assertThat(PendingContracts.isPending("pending")).isTrue();
		assertThat(PendingContracts.isPending("io/artstore/contract/storage/pending")).isTrue();
		assertThat(PendingContracts.isPending("storage/files")).isFalse();
		assertThat(PendingContracts.isPending("storage/pendingish/files")).isFalse();
	}

	@Test
	void theReasonIsTheFailuresFirstWordsOnOneLine() {
		assertThat(PendingContracts
			.reason(new AssertionError("\n1 expectation failed.\nExpected status code <507> but was <500>.\n")))
			.isEqualTo("1 expectation failed. Expected status code <507> but was <500>.");
		assertThat(PendingContracts.reason(new AssertionError("x".repeat(400)))).hasSize(300).endsWith("...");
		assertThat(PendingContracts.reason(new IllegalStateException("Parsed JSON [{\"file_id\":\"" + "a".repeat(400)
				+ "\"}] doesn't match the JSON path [$[?(@.['checksum_sha256'] =~ /[0-9a-f]{64}/)]]")))
			.isEqualTo("the body doesn't match the JSON path [$[?(@.['checksum_sha256'] =~ /[0-9a-f]{64}/)]]");
	}

}
