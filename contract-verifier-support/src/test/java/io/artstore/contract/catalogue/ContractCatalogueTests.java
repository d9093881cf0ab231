package io.artstore.contract.catalogue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The catalogue says which real services the contracts describe, at which commit, and
 * marks the pending ones and how a live producer answered them.
 */
class ContractCatalogueTests {

	private static final String CONTRACT = """
			import org.springframework.cloud.contract.spec.Contract
			Contract.make {
				description 'DESCRIPTION'
				request {
					method GET()
					url '/api/v1/files/1'
				}
				response {
					status OK()
				}
			}
			""";

	@TempDir
	Path root;

	@Test
	void pendingContractsAndTheUpstreamCommitAreShown() throws IOException {
		Files.writeString(this.root.resolve("upstream.properties"),
				"repository=https://github.com/BigKAA/artStore\ncommit=68241ca88c6921dcf556c612e0fe9676a8374957\n"
						+ "date=2026-01-31\n");
		Path storage = this.root.resolve("storage");
		write(storage.resolve("files/shouldDescribeStoredFile.groovy"), "A real route.");
		write(storage.resolve("pending/files/shouldFindByKey.groovy"), "Pending (asks the Storage team).");
		Path verifications = this.root.resolve("verifications.jsonl");
		Files.writeString(verifications,
				"""
						{"contract":"shouldDescribeStoredFile","producer":"http://se:8010","at":"2026-12-02T10:00:00Z","outcome":"passed"}
						{"contract":"shouldFindByKey","producer":"http://se:8010","at":"2026-12-02T10:00:00Z","outcome":"pending, the producer does not offer it: Expected status code <200> but was <404>."}
						""");

		String page = ContractCatalogue.page(
				List.of(ContractCatalogue.section("storage-stubs:1.0.0", storage, verifications)),
				Map.of("shouldDescribeStoredFile", Set.of("a.ConsumerTests")));

		assertThat(page).contains(
				"https://github.com/BigKAA/artStore commit `68241ca88c6921dcf556c612e0fe9676a8374957`",
				"[`shouldFindByKey`](#shouldfindbykey) *(pending)* |", "pending, not offered (live)",
				"- **Pending**: asked of the producer team",
				"[`shouldDescribeStoredFile`](#shoulddescribestoredfile) | GET");
		assertThat(page).doesNotContain("[`shouldDescribeStoredFile`](#shoulddescribestoredfile) *(pending)*");
	}

	private static void write(Path file, String description) throws IOException {
		Files.createDirectories(file.getParent());
		Files.writeString(file, CONTRACT.replace("DESCRIPTION", description));
	}

}
