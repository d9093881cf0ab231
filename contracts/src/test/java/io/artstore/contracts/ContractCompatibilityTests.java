package io.artstore.contracts;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import io.artstore.contract.compat.CompatibilityDiff;
import io.artstore.contract.compat.ContractBaseline;
import io.artstore.contract.compat.ContractFacts;
import io.artstore.contract.compat.ContractFacts.Fact;
import io.artstore.contract.verifier.ContractFiles;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The contracts of this build against those of a baseline ({@code -Dcontracts.baseline},
 * by default the git ref the root {@code pom.xml} names): a change that breaks the
 * consumers of the published stubs fails the build unless the project's major version is
 * higher than the baseline's. Every change, classified, is in
 * {@code target/contract-compatibility.md}.
 */
class ContractCompatibilityTests {

	@TempDir
	Path work;

	@Test
	void noChangeSinceTheBaselineBreaksConsumersUnlessTheMajorVersionChanged() throws IOException {
		String spec = System.getProperty("contracts.baseline");
		ContractBaseline baseline = ContractBaseline.resolve(spec, Path.of("").toAbsolutePath(),
				System.getProperty("contracts.baseline.repository"), this.work.resolve("baseline"));
		String version = System.getProperty("project.version");
		List<String> folders = ContractFiles.FOLDERS;
		Map<String, Map<String, Fact>> before = ContractFacts.read(baseline.contracts(), folders);
		assertThat(before).as("contracts in the baseline %s", baseline.description()).isNotEmpty();
		CompatibilityDiff diff = CompatibilityDiff.between(before,
				ContractFacts.read(Path.of("").toAbsolutePath(), folders));
		Path report = Path.of("target", "contract-compatibility.md");
		Files.createDirectories(report.getParent());
		String page = diff.report(baseline.description(), baseline.version(), version);
		Files.writeString(report, page);

		assertThat(diff.allowedBetween(baseline.version(), version))
			.as("contract changes since %s, see %s:%n%s", baseline.description(), report.toAbsolutePath(), page)
			.isTrue();
	}

}
