package io.artstore.contract.verifier;

import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.TestExecutionExceptionHandler;
import org.opentest4j.TestAbortedException;

/**
 * Pending contracts: what a consumer would like but no real producer offers yet, kept in
 * a {@code pending} folder of the contracts (Pact's "pending pacts"). Against the
 * reference producer they are verified like any other, so the stubs stay honest; against
 * a live producer a failing one is reported as pending (the test is aborted, with why)
 * instead of failing the verification. A non-pending contract fails a live verification
 * as always. Put on the base classes of the generated tests ({@code @ExtendWith}), before
 * {@link io.artstore.contract.catalogue.VerificationRecorder}.
 */
public class PendingContracts implements TestExecutionExceptionHandler {

	/** The folder, anywhere under a producer's contracts, that holds pending ones. */
	public static final String FOLDER = "pending";

	/**
	 * Whether a contract in this folder is pending.
	 * @param folder its folder, relative to the contracts' root, with {@code /}
	 * @return whether one of the folder's segments is {@value #FOLDER}
	 */
	public static boolean isPending(String folder) {
		return ("/" + folder + "/").contains("/" + FOLDER + "/");
	}

	/**
	 * Whether a generated test class verifies pending contracts (its package mirrors the
	 * contract's folder).
	 * @param testClass the generated class
	 * @return whether its package has a segment {@value #FOLDER}
	 */
	public static boolean isPending(Class<?> testClass) {
		return isPending(testClass.getPackageName().replace('.', '/'));
	}

	@Override
	public void handleTestExecutionException(ExtensionContext context, Throwable failure) throws Throwable {
		if (ProducerUnderTest.isLive("producer.url") && isPending(context.getRequiredTestClass())) {
			throw new TestAbortedException(PENDING + reason(failure), failure);
		}
		throw failure;
	}

	private static final String JSON_MISMATCH = "] doesn't match the JSON path";

	/** How an aborted pending contract's reason begins. */
	public static final String PENDING = "pending, the producer does not offer it: ";

	/**
	 * The first line of a failure, for a report.
	 * @param failure what a verification threw
	 * @return its first line, at most 300 characters; for a body that failed a check, the
	 * check
	 */
	public static String reason(Throwable failure) {
		String message = String.valueOf(failure.getMessage()).strip();
		int mismatch = message.indexOf(JSON_MISMATCH);
		if (message.startsWith("Parsed JSON [") && mismatch > 0) {
			// the generated test's body check: the body (long) first, what failed last
			message = "the body" + message.substring(mismatch + 1);
		}
		String first = message.lines().filter((line) -> !line.isBlank()).findFirst().orElse(message);
		if (first.length() < 40 && message.lines().count() > 1) {
			// assertion messages often start with a short line ("Expected: ...") and go
			// on
			first = String.join(" ",
					message.lines().map(String::strip).filter((line) -> !line.isEmpty()).limit(3).toList());
		}
		return (first.length() > 300) ? first.substring(0, 297) + "..." : first;
	}

}
