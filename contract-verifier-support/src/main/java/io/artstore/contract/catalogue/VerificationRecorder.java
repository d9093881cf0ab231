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

import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.TestWatcher;
import tools.jackson.databind.json.JsonMapper;

import io.artstore.contract.verifier.PendingContracts;
import io.artstore.contract.verifier.ProducerUnderTest;
import io.artstore.contract.verifier.UpstreamPin;

/**
 * Records, for the contract catalogue, which producer each generated contract test ran
 * against, when, and how it ended; once all have run, it writes the catalogue of the
 * module's contracts. Put on the base classes of the generated tests
 * ({@code @ExtendWith}). Records go to {@code verifications.jsonl} and the catalogue to
 * {@code catalogue.md} in the folder named by the system property {@value #DIR_PROPERTY}
 * (the stubs jar's content; the build deletes the last run's files before the tests); the
 * contracts are read from {@code contracts.dir}. Without the property it records nothing.
 */
public class VerificationRecorder implements TestWatcher, BeforeAllCallback {

	/** The system property naming the folder to write to. */
	public static final String DIR_PROPERTY = "catalogue.dir";

	private static final JsonMapper JSON = JsonMapper.builder().build();

	@Override
	public void testSuccessful(ExtensionContext context) {
		record(context, "passed");
	}

	@Override
	public void testFailed(ExtensionContext context, Throwable cause) {
		record(context, "failed: " + PendingContracts.reason(cause));
	}

	@Override
	public void testAborted(ExtensionContext context, Throwable cause) {
		String reason = String.valueOf(cause.getMessage());
		record(context, reason.startsWith(PendingContracts.PENDING) ? reason : "not verified: " + reason);
	}

	@Override
	public void testDisabled(ExtensionContext context, Optional<String> reason) {
		record(context, "not verified: disabled");
	}

	/**
	 * Writes the catalogue once, when every test of this JVM has run: the root context's
	 * store closes what it holds then.
	 */
	@Override
	public void beforeAll(ExtensionContext context) {
		Path dir = dir();
		String contracts = System.getProperty("contracts.dir", "");
		if (dir != null && !contracts.isBlank()) {
			context.getRoot()
				.getStore(ExtensionContext.Namespace.create(VerificationRecorder.class))
				.computeIfAbsent("catalogue", (key) -> (AutoCloseable) () -> {
					ContractCatalogue.write(Path.of(contracts), dir.resolve("verifications.jsonl"),
							dir.resolve("catalogue.md"));
					UpstreamPin.copy(Path.of(contracts), dir);
				});
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
						StandardCharsets.UTF_8, StandardOpenOption.CREATE, StandardOpenOption.APPEND);
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
