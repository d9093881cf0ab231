package io.artstore.ingester.admin;

import java.util.Objects;
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
	 * @return completes when registered (also when refused, but found registered with
	 * this copy), or fails with {@link AdminModuleUnavailableException}
	 */
	public Mono<Void> register(FileRegistration registration) {
		return this.tokens
			.withToken((token) -> this.admin.register(registration, token),
					ServiceTokenRejectedException.class::isInstance)
			.onErrorResume(RegistrationRefusedException.class, (refused) -> registeredAnyway(registration, refused));
	}

	/**
	 * A refusal is not proof that nothing was registered: the Admin Module stores some
	 * registrations before it answers 400 (its event needs fields it did not check), and
	 * answers an id it holds with 400 too. The registry is asked: a file it holds on the
	 * same element with the same checksum is registered; when it cannot tell, the outcome
	 * is uncertain.
	 */
	private Mono<Void> registeredAnyway(FileRegistration registration, RegistrationRefusedException refused) {
		return registeredFile(registration.fileId())
			.filter((file) -> Objects.equals(registration.storageElementId(), file.storageElementId())
					&& registration.checksumSha256().equalsIgnoreCase(String.valueOf(file.checksumSha256())))
			.switchIfEmpty(Mono.error(refused))
			.onErrorMap((ex) -> ex != refused,
					(ex) -> new RegistrationUncertainException(refused.getMessage()
							+ "; whether the Admin Module registered it anyway could not be told: " + ex.getMessage()))
			.then();
	}

	/**
	 * Records that a temporary file is permanent now, on another element. A refusal is
	 * checked like a registration's: a registry that records the file as permanent on
	 * that element already (an earlier attempt whose answer was lost) is what was asked
	 * for.
	 * @param fileId the file
	 * @param finalization where the permanent copy is, and since when
	 * @return completes when recorded; fails with {@link RegistrationRefusedException}
	 * when refused, {@link RegistrationUncertainException} when the outcome is not known,
	 * or {@link AdminModuleUnavailableException}
	 */
	public Mono<Void> recordFinalized(UUID fileId, FileFinalization finalization) {
		return this.tokens
			.withToken((token) -> this.admin.recordFinalized(fileId, finalization, token),
					ServiceTokenRejectedException.class::isInstance)
			.onErrorResume(RegistrationRefusedException.class, (refused) -> registeredFile(fileId)
				.filter((file) -> file.isPermanentOn(finalization.storageElementId()))
				.switchIfEmpty(Mono.error(refused))
				.onErrorMap((ex) -> ex != refused, (ex) -> new RegistrationUncertainException(refused.getMessage()
						+ "; whether the Admin Module recorded it anyway could not be told: " + ex.getMessage()))
				.then());
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
