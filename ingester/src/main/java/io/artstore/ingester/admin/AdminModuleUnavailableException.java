package io.artstore.ingester.admin;

import io.artstore.ingester.problem.ProblemException;
import io.artstore.ingester.problem.ProblemType;

/** The Admin Module could not be reached, timed out, or answered with an error. */
public class AdminModuleUnavailableException extends ProblemException {

	private static final long serialVersionUID = 1L;

	AdminModuleUnavailableException(String detail) {
		super(ProblemType.ADMIN_MODULE_UNAVAILABLE, detail);
	}

}
