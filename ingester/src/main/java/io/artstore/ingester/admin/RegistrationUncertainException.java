package io.artstore.ingester.admin;

/**
 * The registration was sent but its outcome is not known: the Admin Module timed out,
 * answered 5xx or the connection broke after the request went out. It may hold the file;
 * only asking it later ({@link FileRegistry#isRegistered}) settles it.
 */
public class RegistrationUncertainException extends AdminModuleUnavailableException {

	private static final long serialVersionUID = 1L;

	public RegistrationUncertainException(String detail) {
		super(detail);
	}

}
