package io.artstore.ingester.admin;

import reactor.core.publisher.Mono;

import org.springframework.stereotype.Component;

/** The Admin Module's file registry, where every stored file is recorded. */
@Component
public class FileRegistry {

	private final AdminModuleClient admin;

	private final ServiceTokenProvider tokens;

	FileRegistry(AdminModuleClient admin, ServiceTokenProvider tokens) {
		this.admin = admin;
		this.tokens = tokens;
	}

	/**
	 * Registers a stored file, refreshing the service token once if the Admin Module
	 * rejects it.
	 * @param registration the file
	 * @return completes when registered, or fails with
	 * {@link AdminModuleUnavailableException}
	 */
	public Mono<Void> register(FileRegistration registration) {
		return this.tokens.withToken((token) -> this.admin.register(registration, token),
				ServiceTokenRejectedException.class::isInstance);
	}

}
