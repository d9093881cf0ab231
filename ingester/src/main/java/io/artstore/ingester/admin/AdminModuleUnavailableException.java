package io.artstore.ingester.admin;

import org.springframework.http.HttpStatus;

import io.artstore.ingester.problem.ProblemException;

/** The Admin Module could not be reached, timed out, or answered with an error. */
public class AdminModuleUnavailableException extends ProblemException {

	private static final long serialVersionUID = 1L;

	AdminModuleUnavailableException(String detail) {
		super(HttpStatus.BAD_GATEWAY, "admin-module-unavailable", "Admin Module unavailable", detail);
	}

}
