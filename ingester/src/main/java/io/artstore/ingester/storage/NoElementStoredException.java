package io.artstore.ingester.storage;

import java.util.Map;

import io.artstore.ingester.problem.ProblemException;
import io.artstore.ingester.problem.ProblemType;

/**
 * No element stored the file, and each one tried is accounted for: it refused, held no
 * copy when asked, or was written down as one that may hold a copy. Nothing is left for
 * the upload's row to name.
 */
public final class NoElementStoredException extends ProblemException {

	private static final long serialVersionUID = 1L;

	NoElementStoredException(ProblemType problem, String detail, Map<String, String> headers) {
		super(problem, detail, headers);
	}

}
