package io.artstore.ingester.admin;

/**
 * The Admin Module answered 401: the service credentials or the cached token are not
 * valid.
 */
public class ServiceTokenRejectedException extends AdminModuleUnavailableException {

	private static final long serialVersionUID = 1L;

	ServiceTokenRejectedException(String detail) {
		super(detail);
	}

}
