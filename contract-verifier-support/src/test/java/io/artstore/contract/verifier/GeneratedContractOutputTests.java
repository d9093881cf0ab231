package io.artstore.contract.verifier;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;

class GeneratedContractOutputTests {

	@TempDir
	Path dir;

	@Test
	void reportsNothingWhenEveryContractHasATestAndAMapping() throws IOException {
		write("contracts/a/shouldWork.groovy", "Contract.make {}");
		write("tests/ATest.java", "public void validate_shouldWork() throws Exception {}");
		write("stubs/mappings/a/shouldWork.json", "{}");

		assertThat(missing()).isEmpty();
	}

	@Test
	void reportsAContractThatProducedNeitherTestNorMapping() throws IOException {
		write("contracts/a/shouldWork.groovy", "Contract.make {}");
		write("contracts/a/broken.yml", "request: [");
		write("tests/ATest.java", "public void validate_shouldWork() throws Exception {}");
		write("stubs/mappings/a/shouldWork.json", "{}");

		assertThat(missing()).containsExactly("broken: no generated test", "broken: no stub mapping");
	}

	@Test
	void reportsAnEmptyContractsFolder() throws IOException {
		Files.createDirectories(this.dir.resolve("contracts"));

		assertThat(missing()).singleElement().asString().startsWith("no contract files found");
	}

	private java.util.List<String> missing() {
		return GeneratedContractOutput.missingOutputs(this.dir.resolve("contracts"), this.dir.resolve("tests"),
				this.dir.resolve("stubs"));
	}

	private void write(String path, String content) throws IOException {
		Path file = this.dir.resolve(path);
		Files.createDirectories(file.getParent());
		Files.writeString(file, content);
	}

}
