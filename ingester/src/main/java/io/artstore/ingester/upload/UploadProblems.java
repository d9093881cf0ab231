package io.artstore.ingester.upload;

import java.time.Duration;
import java.util.Map;

import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.dao.DuplicateKeyException;
import org.springframework.http.HttpHeaders;

import io.artstore.ingester.problem.ProblemException;
import io.artstore.ingester.problem.ProblemType;

/** The answers an upload gets when the ledger cannot take it. */
final class UploadProblems {

	private static final Logger logger = LoggerFactory.getLogger(UploadProblems.class);

	private UploadProblems() {
	}

	/** Another upload holds the key, in flight or in doubt. */
	static ProblemException inProgress(@Nullable String idempotencyKey, Duration retryAfter) {
		return new ProblemException(ProblemType.UPLOAD_IN_PROGRESS,
				"An upload with Idempotency-Key " + idempotencyKey
						+ " is still in progress or its outcome is being settled; retry later",
				Map.of(HttpHeaders.RETRY_AFTER, String.valueOf(retryAfter.toSeconds())));
	}

	/** The ledger cannot be written: refused before a byte reaches a storage element. */
	static Throwable ledgerUnavailable(Throwable failure, Duration retryAfter) {
		if (failure instanceof ProblemException) {
			return failure;
		}
		ProblemException problem = new ProblemException(ProblemType.LEDGER_UNAVAILABLE,
				"The upload ledger cannot be written: " + failure.getMessage(),
				Map.of(HttpHeaders.RETRY_AFTER, String.valueOf(retryAfter.toSeconds())));
		logger.warn("Upload ledger unavailable, error_id={}", problem.errorId(), failure);
		return problem;
	}

	/** What a failed first write of a row means for the caller. */
	static Throwable insertFailed(Throwable failure, @Nullable String idempotencyKey, Duration retryAfter) {
		return (failure instanceof DuplicateKeyException) ? inProgress(idempotencyKey, retryAfter)
				: ledgerUnavailable(failure, retryAfter);
	}

}
