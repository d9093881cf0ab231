package io.artstore.stubs.coverage;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;

class StubCoverageTests {

	private static final Map<String, String> OFFERED = Map.of("shouldStoreUploadedFile", "storage-stubs:1.0",
			"shouldDeleteStoredFile", "storage-stubs:1.0");

	@TempDir
	Path dir;

	@Test
	void aContractNoTestUsedIsNamed() throws IOException {
		Path usage = usage(matched("UploadTests", "shouldStoreUploadedFile"));

		StubCoverage coverage = StubCoverage.of(usage, OFFERED);

		assertThat(coverage.unusedContracts()).containsExactly("shouldDeleteStoredFile");
		assertThat(coverage.problems())
			.containsExactly("contract shouldDeleteStoredFile (storage-stubs:1.0) was not used by any test");
		assertThat(coverage.report()).contains("| `shouldDeleteStoredFile` | storage-stubs:1.0 | 0 | **not used** |",
				"| `shouldStoreUploadedFile` | storage-stubs:1.0 | 1 | UploadTests |");
	}

	@Test
	void aRequestNoContractMatchedIsNamedWithItsClosestStub() throws IOException {
		String nearMiss = """
				Request was not matched
				=======================

				-----------------------------------------------------------------------------------------------------------------------
				| Closest stub                                             | Request                                                  |
				-----------------------------------------------------------------------------------------------------------------------
				                                                           |
				shouldDeleteStoredFile                                     |
				                                                           |
				DELETE                                                     | PUT                                                          <<<<< HTTP method does not match
				""";
		Path usage = usage(matched("UploadTests", "shouldStoreUploadedFile"),
				matched("CleanupTests", "shouldDeleteStoredFile"),
				"{\"test\":\"io.example.CleanupTests\",\"method\":\"PUT\",\"url\":\"/api/v1/files/1\",\"matched\":false,"
						+ "\"contract\":null,\"nearMisses\":" + quoted(nearMiss) + "}");

		StubCoverage coverage = StubCoverage.of(usage, OFFERED);

		assertThat(coverage.unusedContracts()).isEmpty();
		assertThat(coverage.problems()).containsExactly("request PUT /api/v1/files/1 from io.example.CleanupTests"
				+ " matched no contract (closest: shouldDeleteStoredFile)");
		assertThat(coverage.report()).contains("HTTP method does not match");
	}

	@Test
	void everyContractUsedAndEveryRequestMatchedIsNoProblem() throws IOException {
		Path usage = usage(matched("UploadTests", "shouldStoreUploadedFile"),
				matched("CleanupTests", "shouldDeleteStoredFile"), matched("UploadTests", "shouldDeleteStoredFile"));

		StubCoverage coverage = StubCoverage.of(usage, OFFERED);

		assertThat(coverage.problems()).isEmpty();
		assertThat(coverage.testsUsing("shouldDeleteStoredFile")).containsExactly("io.example.CleanupTests",
				"io.example.UploadTests");
	}

	@Test
	void aContractKnowinglyNotUsedIsReportedWithItsReasonAndFailsOnceATestUsesIt() throws IOException {
		Map<String, String> notUsed = Map.of("shouldDeleteStoredFile", "only the reconciler deletes");

		StubCoverage unused = StubCoverage.of(usage(matched("UploadTests", "shouldStoreUploadedFile")), OFFERED,
				notUsed);
		StubCoverage used = StubCoverage.of(usage(matched("UploadTests", "shouldStoreUploadedFile"),
				matched("CleanupTests", "shouldDeleteStoredFile")), OFFERED, notUsed);

		assertThat(unused.problems()).isEmpty();
		assertThat(unused.report()).contains("not used by this consumer: only the reconciler deletes");
		assertThat(used.problems()).containsExactly("contract shouldDeleteStoredFile is listed as not used by this"
				+ " consumer (only the reconciler deletes) but io.example.CleanupTests used it");
	}

	@Test
	void aRequestThatMatchedAStubNoContractOffersIsAProblem() throws IOException {
		Path usage = usage(matched("UploadTests", "shouldStoreUploadedFile"),
				matched("CleanupTests", "shouldDeleteStoredFile"), matched("UploadTests", "stubRegisteredAtRunTime"));

		assertThat(StubCoverage.of(usage, OFFERED).problems()).containsExactly("requests from io.example.UploadTests"
				+ " matched the stub mapping 'stubRegisteredAtRunTime', which no contract in the stub jars offers");
	}

	@Test
	void noRecordedUsageLeavesEveryContractUnused() {
		assertThat(StubCoverage.of(this.dir.resolve("missing.jsonl"), OFFERED).unusedContracts())
			.containsExactly("shouldDeleteStoredFile", "shouldStoreUploadedFile");
	}

	private Path usage(String... lines) throws IOException {
		Path file = this.dir.resolve("requests.jsonl");
		Files.write(file, java.util.List.of(lines));
		return file;
	}

	private static String matched(String test, String contract) {
		return "{\"test\":\"io.example." + test + "\",\"method\":\"POST\",\"url\":\"/x\",\"matched\":true,"
				+ "\"contract\":\"" + contract + "\",\"nearMisses\":null}";
	}

	private static String quoted(String text) {
		return "\"" + text.replace("\\", "\\\\").replace("\"", "\\\"").replace("\n", "\\n") + "\"";
	}

}
