package io.artstore.contract.catalogue;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Optional;

import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.TestWatcher;
import tools.jackson.databind.json.JsonMapper;

import io.artstore.contract.verifier.ProducerUnderTest;

/**
 * Records, for the contract catalogue, which producer each generated contract test ran
 * against, when, and how it ended; after each test class it writes the catalogue of the
 * module's contracts anew. Put on the base classes of the generated tests
 * ({@code @ExtendWith}). Records go to {@code verifications.jsonl} and the catalogue to
 * {@code catalogue.md} in the folder named by the system property {@value #DIR_PROPERTY}
 * (the stubs jar's content); the contracts are read from {@code contracts.dir}. Without
 * the property it records nothing.
 */
public class VerificationRecorder implements TestWatcher, AfterAllCallback {

	/** The system property naming the folder to write to. */
	public static final String DIR_PROPERTY = "catalogue.dir";

	private static final JsonMapper JSON = JsonMapper.builder().build();

	/** Whether this JVM has recorded yet: its first record replaces an earlier run's. */
	private static boolean recorded;

	@Override
	public void testSuccessful(ExtensionContext context) {
		record(context, "passed");
	}

	@Override
	public void testFailed(ExtensionContext context, Throwable cause) {
		record(context, "failed");
	}

	@Override
	public void testAborted(ExtensionContext context, Throwable cause) {
		record(context, "not verified: " + cause.getMessage());
	}

	@Override
	public void testDisabled(ExtensionContext context, Optional<String> reason) {
		record(context, "not verified: disabled");
	}

	@Override
	public void afterAll(ExtensionContext context) {
		Path dir = dir();
		String contracts = System.getProperty("contracts.dir", "");
		if (dir != null && !contracts.isBlank()) {
			ContractCatalogue.write(Path.of(contracts), dir.resolve("verifications.jsonl"), null,
					dir.resolve("catalogue.md"));
		}
	}

	private static void record(ExtensionContext context, String outcome) {
		Path dir = dir();
		String method = context.getRequiredTestMethod().getName();
		if (dir == null || !method.startsWith("validate_")) {
			return;
		}
		String producer = ProducerUnderTest.current();
		Verification verification = new Verification(method.substring("validate_".length()), producer,
				Instant.now().truncatedTo(ChronoUnit.SECONDS).toString(), outcome);
		try {
			Files.createDirectories(dir);
			synchronized (VerificationRecorder.class) {
				Files.writeString(dir.resolve("verifications.jsonl"), JSON.writeValueAsString(verification) + "\n",
						StandardCharsets.UTF_8, StandardOpenOption.CREATE,
						recorded ? StandardOpenOption.APPEND : StandardOpenOption.TRUNCATE_EXISTING);
				recorded = true;
			}
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

	private static Path dir() {
		String dir = System.getProperty(DIR_PROPERTY, "");
		return dir.isBlank() ? null : Path.of(dir);
	}

}
