package io.artstore.ingester.contract;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import io.artstore.contract.catalogue.ContractCatalogue;
import io.artstore.stubs.coverage.StubCoverage;
import io.artstore.stubs.coverage.StubUsageRecorder;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import org.springframework.core.io.Resource;
import org.springframework.core.io.support.PathMatchingResourcePatternResolver;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Runs after all the ingester's tests (failsafe, in {@code integration-test}): every
 * contract of the Admin and Storage stubs was used by at least one test, and every
 * request that reached a stub server matched a contract. The report, with the test
 * classes behind each contract and WireMock's near misses for unmatched requests, is
 * {@code target/stub-coverage.md}. It then writes the contract catalogue, from the
 * contracts and producer verifications in the stub jars and the consumer tests found
 * here, to {@code target/contract-catalogue.md}, and to
 * {@code docs/contract-catalogue.md} when more than its dates changed.
 */
@Tag(StubCoverageIT.AFTER_ALL_TESTS)
class StubCoverageIT {

	/**
	 * Keeps this class out of surefire's run even when {@code -Dtest} selects its package
	 * (a test pattern overrides surefire's includes and excludes, not its groups).
	 */
	static final String AFTER_ALL_TESTS = "after-all-tests";

	/** Contracts the ingester does not use, with the reason. */
	private static final Map<String, String> NOT_USED = Map.ofEntries(
			Map.entry("shouldReportLiveness",
					"the ingester does not call an element's /health/live; the contract describes the element for its "
							+ "other consumers (the Admin Module's health checks, operators)"),
			Map.entry("shouldFindStoredFileByIdempotencyKey",
					"pending: the ingester does not rely on it (it looks a copy up by the file id it chose)"),
			Map.entry("shouldAnswerNotFoundForUnknownIdempotencyKey", "pending: the ingester does not rely on it"),
			Map.entry("shouldDeleteStoredFile",
					"the ingester removes copies through gc (DELETE /api/v1/gc/{id}), which works in rw mode too; "
							+ "the contract describes the element for its other consumers"),
			Map.entry("shouldAnswerNotFoundWhenDeletingUnknownFile", "as shouldDeleteStoredFile"),
			Map.entry("shouldReportThatCopyExists",
					"the ingester asks GET /api/v1/files/{id}, which also gives the checksum; kept for gc's other callers"),
			Map.entry("shouldReportThatCopyIsMissing", "as shouldReportThatCopyExists"),
			Map.entry("shouldRefuseUploadUnderAnExistingFileId",
					"the ingester never sends one id to one element twice; any 500 is settled by looking the id up "
							+ "(shouldDescribeStoredFile)"),
			Map.entry("shouldRefuseFileLookupWithoutToken",
					"the ingester always sends a token; the contract shows that the lookup's route exists"),
			Map.entry("shouldRefuseTemporaryRegistrationWithoutTtl",
					"the ingester always sends the TTL of a temporary file; the contract pins the registry's rule"));

	private static final Pattern STUBS_PATH = Pattern
		.compile("META-INF/io\\.artstore/([^/]+)/([^/]+)/(contracts/.+|verifications\\.jsonl|upstream\\.properties)$");

	private static StubCoverage coverage;

	@BeforeAll
	static void readTheRecordedStubUsage() {
		Path usage = Path.of(System.getProperty(StubUsageRecorder.FILE_PROPERTY));
		assertThat(usage).as("stub usage recorded by the tests").exists();
		coverage = StubCoverage.of(usage, StubCoverage.contractsOnClasspath("io.artstore"), NOT_USED);
	}

	@Test
	void everyContractWasUsedAndEveryStubRequestMatchedOne() throws IOException {
		Path report = Path.of(System.getProperty("artstore.stub-coverage.report"));
		Files.writeString(report, coverage.report());

		assertThat(coverage.problems()).as("consumer contract coverage, see " + report).isEmpty();
	}

	@Test
	void theCatalogueNamesEachContractsProducerVerificationAndConsumerTests(@TempDir Path stubJars) throws IOException {
		Map<String, Set<String>> consumers = new TreeMap<>();
		List<ContractCatalogue.Section> sections = new ArrayList<>();
		for (Map.Entry<String, Path> stubs : unpackStubJars(stubJars).entrySet()) {
			ContractCatalogue.Section section = ContractCatalogue.section(stubs.getKey(),
					stubs.getValue().resolve("contracts"), stubs.getValue().resolve("verifications.jsonl"));
			section.entries().forEach((entry) -> consumers.put(entry.name(), coverage.testsUsing(entry.name())));
			sections.add(section);
		}
		Path target = Path.of("target", "contract-catalogue.md");
		ContractCatalogue.write(sections, consumers, target);
		updateDocs(target, Path.of(System.getProperty("artstore.contract-catalogue.docs")));

		assertThat(sections).extracting(ContractCatalogue.Section::title)
			.containsExactlyInAnyOrder("admin-stubs:" + version(), "storage-stubs:" + version());
		assertThat(Files.readString(target)).contains("### shouldStoreUploadedFile",
				"passed, against the reference producer of this build, on ", "UploadFlowTests",
				"Request (as the verifier sends it to a producer)");
	}

	/**
	 * Copies the catalogue to {@code docs/} when it says something new: not when only the
	 * verification dates moved, so that a build does not leave the work tree changed.
	 */
	private static void updateDocs(Path catalogue, Path docs) throws IOException {
		String page = Files.readString(catalogue);
		String datesMasked = "\\d{4}-\\d{2}-\\d{2}";
		if (!Files.exists(docs)
				|| !Files.readString(docs).replaceAll(datesMasked, "").equals(page.replaceAll(datesMasked, ""))) {
			Files.writeString(docs, page);
		}
	}

	private static Map<String, Path> unpackStubJars(Path into) throws IOException {
		Map<String, Path> unpacked = new TreeMap<>();
		for (Resource resource : new PathMatchingResourcePatternResolver()
			.getResources("classpath*:META-INF/io.artstore/*/*/**")) {
			Matcher path = STUBS_PATH.matcher(resource.getURL().toString());
			if (!path.find() || !resource.isReadable() || path.group(3).endsWith("/")) {
				continue;
			}
			Path dir = unpacked.computeIfAbsent(path.group(1) + ":" + path.group(2),
					(stubs) -> into.resolve(stubs.replace(':', '-')));
			Path file = dir.resolve(path.group(3));
			Files.createDirectories(file.getParent());
			try (InputStream in = resource.getInputStream()) {
				Files.copy(in, file, StandardCopyOption.REPLACE_EXISTING);
			}
		}
		return unpacked;
	}

	private static String version() {
		return System.getProperty("project.version");
	}

}
