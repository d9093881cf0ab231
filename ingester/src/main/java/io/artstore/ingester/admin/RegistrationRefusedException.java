package io.artstore.ingester.admin;

/**
 * The Admin Module answered a registration with a 4xx: it certainly did not register the
 * file this time (it may hold it already, from an earlier registration of the same id).
 */
public class RegistrationRefusedException extends AdminModuleUnavailableException {

	private static final long serialVersionUID = 1L;

	RegistrationRefusedException(String detail) {
		super(detail);
	}

}
