package io.artstore.ingester.admin;

import java.net.ConnectException;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeoutException;

import io.netty.channel.ConnectTimeoutException;
import reactor.core.publisher.Mono;
import reactor.util.retry.Retry;

import org.springframework.http.HttpStatus;
import org.springframework.http.HttpStatusCode;
import org.springframework.http.MediaType;
import org.springframework.stereotype.Component;
import org.springframework.web.reactive.function.client.ClientResponse;
import org.springframework.web.reactive.function.client.WebClient;
import org.springframework.web.reactive.function.client.WebClientRequestException;

/**
 * The Admin Module calls the ingester makes. Reads are retried twice on transport errors
 * and 5xx answers; every call is bounded by {@link AdminProperties#timeout()}. Failures
 * surface as {@link AdminModuleUnavailableException}, and a 401 (or the 403 the Admin
 * Module answers a request without a token) as {@link ServiceTokenRejectedException}.
 */
@Component
public class AdminModuleClient {

	private final WebClient webClient;

	private final AdminProperties properties;

	AdminModuleClient(WebClient.Builder builder, AdminProperties properties) {
		this.webClient = builder.baseUrl(properties.url().toString()).build();
		this.properties = properties;
	}

	Mono<ServiceToken> issueToken() {
		return this.webClient.post()
			.uri("/api/v1/auth/token")
			.contentType(MediaType.APPLICATION_JSON)
			.bodyValue(Map.of("client_id", this.properties.clientId(), "client_secret", this.properties.clientSecret(),
					"grant_type", "client_credentials"))
			.exchangeToMono((response) -> response.statusCode().is2xxSuccessful()
					? response.bodyToMono(ServiceToken.class) : failure(response, "issuing the service token"))
			.transform(this::bounded);
	}

	Mono<List<StorageElement>> availableElements(String mode, String token) {
		return this.webClient.get()
			.uri((uri) -> uri.path("/api/v1/internal/storage-elements/available").queryParam("mode", mode).build())
			.headers((headers) -> headers.setBearerAuth(token))
			.exchangeToMono((response) -> response.statusCode().is2xxSuccessful()
					? response.bodyToMono(AvailableElements.class).map(AvailableElements::storageElements)
					: failure(response, "listing " + mode + " storage elements"))
			.transform(this::bounded)
			.retryWhen(Retry.backoff(2, Duration.ofMillis(100))
				.filter(AdminModuleClient::isTransient)
				.onRetryExhaustedThrow((spec, signal) -> signal.failure()));
	}

	/**
	 * Registers a file. A 4xx answer, or an Admin Module that cannot be connected to,
	 * certainly did not register it; a timeout, a 5xx answer or a connection that broke
	 * after the request went out fail with {@link RegistrationUncertainException}.
	 */
	Mono<Void> register(FileRegistration registration, String token) {
		String action = "registering file " + registration.fileId();
		return this.webClient.post()
			.uri("/api/v1/files")
			.headers((headers) -> headers.setBearerAuth(token))
			.contentType(MediaType.APPLICATION_JSON)
			.bodyValue(registration)
			.exchangeToMono((response) -> response.statusCode().is2xxSuccessful() ? response.releaseBody()
					: failure(response, action))
			.transform((call) -> outcomeOf(call, action));
	}

	/**
	 * A write's failures by what they say of its outcome: refused (a 4xx other than 401,
	 * 408, 409 and 429), not sent (no connection), or uncertain (anything else).
	 */
	private Mono<Void> outcomeOf(Mono<Void> write, String action) {
		return write.timeout(this.properties.timeout())
			.onErrorMap(TimeoutException.class,
					(ex) -> new RegistrationUncertainException("The Admin Module did not answer within "
							+ this.properties.timeout().toMillis() + " ms while " + action))
			.onErrorMap(WebClientRequestException.class, (ex) -> isConnectFailure(ex)
					? new AdminModuleUnavailableException("The Admin Module cannot be reached: " + ex.getMessage())
					: new RegistrationUncertainException(
							"The connection to the Admin Module broke while " + action + ": " + ex.getMessage()))
			.onErrorMap(AdminModuleUnavailableException.class, (ex) -> {
				if (ex instanceof AnsweredServerError) {
					return new RegistrationUncertainException(ex.getMessage());
				}
				return (ex instanceof AnsweredClientError) ? new RegistrationRefusedException(ex.getMessage()) : ex;
			});
	}

	/**
	 * Records a finalization ({@code PUT /api/v1/files/{id}}). Outcomes as for
	 * {@link #register}: a 4xx is a refusal, a timeout, a 5xx or a broken connection
	 * leave it uncertain.
	 */
	Mono<Void> recordFinalized(UUID fileId, FileFinalization finalization, String token) {
		String action = "recording the finalization of file " + fileId;
		return this.webClient.put()
			.uri("/api/v1/files/{fileId}", fileId)
			.headers((headers) -> headers.setBearerAuth(token))
			.contentType(MediaType.APPLICATION_JSON)
			.bodyValue(finalization)
			.exchangeToMono((response) -> response.statusCode().is2xxSuccessful() ? response.releaseBody()
					: failure(response, action))
			.transform((call) -> outcomeOf(call, action));
	}

	/**
	 * What the registry holds about a file.
	 * @param fileId the file
	 * @param token the service token
	 * @return the file for a 200, empty for a 404; otherwise fails. The Admin Module
	 * answers every 404 alike, an unknown route's too: {@code GET /api/v1/files/{id}} is
	 * a real route (contract {@code shouldRefuseFileLookupWithoutToken}), so its 404 is
	 * read as "not registered"
	 */
	Mono<RegisteredFile> registeredFile(UUID fileId, String token) {
		String path = "/api/v1/files/" + fileId;
		return this.webClient.get()
			.uri(path)
			.headers((headers) -> headers.setBearerAuth(token))
			.exchangeToMono((response) -> found(response, RegisteredFile.class, path, "looking up file " + fileId))
			.transform(this::bounded);
	}

	/**
	 * One storage element by its {@code element_id}, whatever its state: where the
	 * reconciler finds an element that is no longer listed as available.
	 * @param elementId the element
	 * @param token the service token
	 * @return the element, or empty when the Admin Module does not know it
	 */
	Mono<StorageElement> element(String elementId, String token) {
		String path = "/api/v1/internal/storage-elements/" + elementId;
		return this.webClient.get()
			.uri("/api/v1/internal/storage-elements/{elementId}", elementId)
			.headers((headers) -> headers.setBearerAuth(token))
			.exchangeToMono((response) -> found(response, StorageElement.class, path,
					"looking up storage element " + elementId))
			.transform(this::bounded);
	}

	/**
	 * A look-up's answer: the resource for a 2xx, empty for the Admin Module's own 404
	 * about that path; any other 404 (a proxy's, a gateway's) fails, so that it is never
	 * read as "not there".
	 */
	private static <T> Mono<T> found(ClientResponse response, Class<T> type, String path, String action) {
		if (response.statusCode().is2xxSuccessful()) {
			return response.bodyToMono(type)
				.switchIfEmpty(Mono.error(() -> new AdminModuleUnavailableException(
						"The Admin Module answered with an empty body while " + action)));
		}
		if (response.statusCode().value() == HttpStatus.NOT_FOUND.value()) {
			return response.bodyToMono(ResourceNotFound.class)
				.onErrorResume((ex) -> Mono.empty())
				.defaultIfEmpty(ResourceNotFound.NONE)
				.flatMap((notFound) -> notFound.names(path) ? Mono.<T>empty()
						: Mono.error(new AdminModuleUnavailableException("A 404 that does not name " + path + " while "
								+ action + ": not the Admin Module's answer")));
		}
		return failure(response, action);
	}

	private static boolean isConnectFailure(WebClientRequestException ex) {
		return ex.getMostSpecificCause() instanceof ConnectException
				|| ex.getMostSpecificCause() instanceof ConnectTimeoutException;
	}

	private <T> Mono<T> bounded(Mono<T> call) {
		return call.timeout(this.properties.timeout())
			.onErrorMap(TimeoutException.class,
					(ex) -> new AdminModuleUnavailableException(
							"The Admin Module did not answer within " + this.properties.timeout().toMillis() + " ms"))
			.onErrorMap(WebClientRequestException.class, (ex) -> new AdminModuleUnavailableException(
					"The Admin Module cannot be reached: " + ex.getMessage()));
	}

	private static <T> Mono<T> failure(ClientResponse response, String action) {
		HttpStatusCode status = response.statusCode();
		return response.bodyToMono(String.class).defaultIfEmpty("").flatMap((body) -> {
			if (status.value() == HttpStatus.UNAUTHORIZED.value() || isMissingToken(status, body)) {
				return Mono.error(new ServiceTokenRejectedException(
						"The Admin Module refused the ingester's credentials while " + action + ": " + body));
			}
			String detail = "The Admin Module answered " + status.value() + " while " + action + ": " + body;
			return Mono.error(isRefusal(status) ? new AnsweredClientError(detail) : new AnsweredServerError(detail));
		});
	}

	/**
	 * A 4xx answer other than 408, 409 and 429: a proxy or gateway gives those for a
	 * request it may have passed on, so they say nothing of what the Admin Module did.
	 */
	private static boolean isRefusal(HttpStatusCode status) {
		int code = status.value();
		return status.is4xxClientError() && code != 408 && code != 409 && code != 429;
	}

	/**
	 * FastAPI's answer for a request without a bearer token (HTTPBearer at the Admin
	 * Module's version): 403, not 401, with this detail.
	 */
	private static boolean isMissingToken(HttpStatusCode status, String body) {
		return status.value() == HttpStatus.FORBIDDEN.value() && body.contains("\"Not authenticated\"");
	}

	/** A 5xx, 408, 409 or 429 answer: for a registration, its outcome is not known. */
	private static final class AnsweredServerError extends AdminModuleUnavailableException {

		private static final long serialVersionUID = 1L;

		AnsweredServerError(String detail) {
			super(detail);
		}

	}

	/**
	 * A 4xx answer other than 401, 408, 409 and 429: for a registration, a refusal (the
	 * registry is still asked, see {@link FileRegistry#register}).
	 */
	private static final class AnsweredClientError extends AdminModuleUnavailableException {

		private static final long serialVersionUID = 1L;

		AnsweredClientError(String detail) {
			super(detail);
		}

	}

	private static boolean isTransient(Throwable ex) {
		return ex instanceof AdminModuleUnavailableException && !(ex instanceof ServiceTokenRejectedException);
	}

}
