package io.artstore.ingester.upload;

import org.jspecify.annotations.Nullable;

import io.artstore.ingester.problem.ProblemException;
import io.artstore.ingester.problem.ProblemType;

/**
 * The {@code Idempotency-Key} request header (IETF httpapi draft): a structured-field
 * string, {@code "..."}, also accepted bare; at most {@value #MAX_LENGTH} visible ASCII
 * characters.
 */
final class IdempotencyKeys {

	static final int MAX_LENGTH = 255;

	private IdempotencyKeys() {
	}

	/**
	 * The key of a request.
	 * @param header the header's value, or {@code null} when it is absent
	 * @return the key, or {@code null} when there is none
	 * @throws ProblemException a 400 when the header is not a valid key
	 */
	static @Nullable String parse(@Nullable String header) {
		if (header == null) {
			return null;
		}
		String key = header.strip();
		if (key.length() >= 2 && key.startsWith("\"") && key.endsWith("\"")) {
			key = key.substring(1, key.length() - 1);
		}
		if (key.isEmpty() || key.length() > MAX_LENGTH || !key.chars().allMatch((c) -> c > 0x20 && c < 0x7f)
				|| key.indexOf('"') >= 0 || key.indexOf('\\') >= 0) {
			throw new ProblemException(ProblemType.BAD_IDEMPOTENCY_KEY, "The Idempotency-Key header must hold 1 to "
					+ MAX_LENGTH + " visible ASCII characters, optionally in double quotes");
		}
		return key;
	}

}
