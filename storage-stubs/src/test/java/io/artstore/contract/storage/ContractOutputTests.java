package io.artstore.contract.storage;

import java.nio.file.Path;

import io.artstore.contract.verifier.GeneratedContractOutput;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class ContractOutputTests {

	@Test
	void everyStorageContractProducedATestAndAStubMapping() {
		assertThat(GeneratedContractOutput.missingOutputs(Path.of(System.getProperty("contracts.dir")),
				Path.of("target/generated-test-sources/contracts"), Path.of("target/stubs")))
			.isEmpty();
	}

}
