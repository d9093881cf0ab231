package io.artstore.ingester.admin;

import java.util.UUID;

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

	/**
	 * Whether the registry holds a file: how a registration whose outcome was not known
	 * is settled later.
	 * @param fileId the file
	 * @return {@code true} when registered; fails when the Admin Module cannot tell
	 */
	public Mono<Boolean> isRegistered(UUID fileId) {
		return registeredFile(fileId).hasElement();
	}

	/**
	 * What the registry holds about a file, among it the element of the registered copy.
	 * @param fileId the file
	 * @return the file, or empty when it is not registered; fails when the Admin Module
	 * cannot tell
	 */
	public Mono<RegisteredFile> registeredFile(UUID fileId) {
		return this.tokens.withToken((token) -> this.admin.registeredFile(fileId, token),
				ServiceTokenRejectedException.class::isInstance);
	}

}
