package io.artstore.ingester.storage;

import java.net.ConnectException;
import java.util.Objects;
import java.util.UUID;
import java.util.concurrent.TimeUnit;

import io.netty.channel.ChannelOption;
import io.netty.channel.ConnectTimeoutException;
import io.netty.handler.timeout.WriteTimeoutHandler;
import org.jspecify.annotations.Nullable;
import io.netty.handler.timeout.ReadTimeoutException;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.netty.http.client.HttpClient;
import reactor.netty.internal.shaded.reactor.pool.PoolAcquirePendingLimitException;
import reactor.netty.internal.shaded.reactor.pool.PoolAcquireTimeoutException;
import reactor.netty.resources.ConnectionProvider;

import org.springframework.core.io.buffer.DataBuffer;
import org.springframework.core.io.buffer.DataBufferUtils;
import org.springframework.core.io.buffer.DefaultDataBufferFactory;
import org.springframework.http.HttpStatus;
import org.springframework.http.client.reactive.ReactorClientHttpConnector;
import org.springframework.stereotype.Component;
import org.springframework.web.reactive.function.BodyInserters;
import org.springframework.web.reactive.function.client.ClientResponse;
import org.springframework.web.reactive.function.client.WebClient;
import org.springframework.web.reactive.function.client.WebClientRequestException;

import io.artstore.ingester.problem.ProblemException;

/**
 * The Storage Element calls the ingester makes: a streaming upload under a file id the
 * ingester chose, a look-up of that id, and its removal through garbage collection.
 */
@Component
class StorageElementClient {

	private final WebClient webClient;

	private final int frameSize;

	StorageElementClient(WebClient.Builder builder, StorageProperties properties) {
		// Not Reactor Netty's shared default pool (16 connections per host here, 45 s to
		// wait for one): slow uploads to an element must not lock it for everyone.
		ConnectionProvider connections = ConnectionProvider.builder("storage-elements")
			.maxConnections(properties.maxConnectionsPerElement())
			.pendingAcquireTimeout(properties.connectionAcquireTimeout())
			.build();
		long writeTimeoutMillis = properties.writeTimeout().toMillis();
		HttpClient httpClient = HttpClient.create(connections)
			.option(ChannelOption.CONNECT_TIMEOUT_MILLIS, (int) properties.connectTimeout().toMillis())
			.doOnConnected((connection) -> connection
				.addHandlerLast(new WriteTimeoutHandler(writeTimeoutMillis, TimeUnit.MILLISECONDS)))
			.responseTimeout(properties.responseTimeout());
		this.frameSize = (int) properties.frameSize().toBytes();
		this.webClient = builder.clone().clientConnector(new ReactorClientHttpConnector(httpClient)).build();
	}

	/**
	 * Streams a file to an element, stored under the upload's id as its {@code file_id}
	 * so that the copy can be found again when the answer is lost. The content goes in
	 * frames of at least {@code frame-size}; a file that fits in one frame is sent with a
	 * {@code Content-Length}, in one write, larger ones chunked.
	 */
	Mono<StoredCopy> upload(String elementUrl, Flux<DataBuffer> content, OutgoingFile file, UUID uploadId,
			String token) {
		// A failure of the content is the caller's body breaking, not the element: it is
		// marked so that it is not counted against the element.
		Flux<DataBuffer> frames = OutgoingFrames.of(content.onErrorMap(CallerBodyFailedException::new), this.frameSize);
		return frames.switchOnFirst((first, all) -> {
			if (first.isOnError()) {
				// the caller's body broke before a frame was whole: nothing was sent
				return Mono.error(callerFailure(Objects.requireNonNull(first.getThrowable())));
			}
			DataBuffer frame = first.get();
			OutgoingForm form = OutgoingForm.of(file, uploadId);
			Mono<byte[]> tail = file.description().map(form::tail);
			if (frame != null && frame.readableByteCount() >= this.frameSize) {
				return send(elementUrl, all, null, form, tail, token);
			}
			// the whole file is here: with the fields after it, the length is known
			long fileSize = (frame != null) ? frame.readableByteCount() : 0;
			// a form that failed after the file: the frame is released and nothing is
			// sent
			return tail.onErrorResume((ex) -> all.doOnNext(DataBufferUtils::release).then(Mono.error(ex)))
				.flatMap((bytes) -> send(elementUrl, all, fileSize + bytes.length, form, Mono.just(bytes), token));
		}).next().flatMap((copy) -> sameId(copy, uploadId, elementUrl));
	}

	/**
	 * Sends the form: its head, the file's frames, its tail.
	 * @param contentAndTailLength the length of the file and the tail together, when
	 * known
	 */
	private Mono<StoredCopy> send(String elementUrl, Flux<DataBuffer> frames, @Nullable Long contentAndTailLength,
			OutgoingForm form, Mono<byte[]> tail, String token) {
		Flux<DataBuffer> body = Flux.concat(Mono.fromSupplier(() -> wrap(form.head())), frames,
				tail.map(StorageElementClient::wrap));
		return this.webClient.post().uri(elementUrl + "/api/v1/files/upload").headers((headers) -> {
			headers.setBearerAuth(token);
			headers.setContentType(form.contentType());
			if (contentAndTailLength != null) {
				headers.setContentLength(form.head().length + contentAndTailLength);
			}
		})
			.body(BodyInserters.fromDataBuffers(body))
			.exchangeToMono((response) -> (response.statusCode().value() == HttpStatus.CREATED.value())
					? response.bodyToMono(StoredCopy.class) : refusal(response, elementUrl))
			.onErrorMap(WebClientRequestException.class, (ex) -> transportFailure(ex, elementUrl))
			.onErrorMap(ReadTimeoutException.class,
					(ex) -> new UploadAttemptException(UploadAttemptException.Kind.FAILED,
							elementUrl + " did not answer in time"));
	}

	/**
	 * A copy under another id than the one asked for is none of this upload's: an element
	 * that ignored the {@code file_id} it was sent, or answered about another file. The
	 * attempt failed, with its outcome unknown.
	 */
	private static Mono<StoredCopy> sameId(StoredCopy copy, UUID fileId, String elementUrl) {
		return fileId.equals(copy.fileId()) ? Mono.just(copy)
				: Mono.error(new UploadAttemptException(UploadAttemptException.Kind.FAILED,
						elementUrl + " answered with file id " + copy.fileId() + " for file id " + fileId));
	}

	private static DataBuffer wrap(byte[] bytes) {
		return DefaultDataBufferFactory.sharedInstance.wrap(bytes);
	}

	/**
	 * The copy an element holds under a file id, if any.
	 * @return the copy, or empty when the element answers that it holds no such file (a
	 * 404 whose detail names the file: a 404 for a route the element lacks fails instead)
	 */
	Mono<StoredCopy> find(String elementUrl, UUID fileId, String token) {
		return this.webClient.get()
			.uri(elementUrl + "/api/v1/files/{fileId}", fileId)
			.headers((headers) -> headers.setBearerAuth(token))
			.exchangeToMono((response) -> {
				if (response.statusCode().is2xxSuccessful()) {
					return response.bodyToMono(StoredCopy.class)
						.switchIfEmpty(Mono.error(() -> new UploadAttemptException(UploadAttemptException.Kind.FAILED,
								elementUrl + " described file " + fileId + " with an empty body")))
						.flatMap((copy) -> sameId(copy, fileId, elementUrl));
				}
				if (response.statusCode().value() == HttpStatus.NOT_FOUND.value()) {
					// a body that is not FastAPI's JSON names no file
					return response.bodyToMono(NotFound.class)
						.onErrorResume((ex) -> Mono.empty())
						.defaultIfEmpty(new NotFound(null))
						.flatMap((notFound) -> notFound.namesFile(fileId) ? Mono.<StoredCopy>empty()
								: Mono.error(new UploadAttemptException(UploadAttemptException.Kind.FAILED, elementUrl
										+ " answered 404 without naming file " + fileId + ": it may lack the route")));
				}
				return refusal(response, elementUrl);
			})
			.onErrorMap(WebClientRequestException.class, (ex) -> transportFailure(ex, elementUrl));
	}

	/**
	 * A copy's bytes as the element streams them ({@code GET
	 * /api/v1/files/{id}/download}), read as they are consumed.
	 * @return the content; fails with {@link CopyMissingException} when the element holds
	 * no such file, {@link UploadAttemptException} when it fails
	 */
	Flux<DataBuffer> download(String elementUrl, UUID fileId, String token) {
		return this.webClient.get()
			.uri(elementUrl + "/api/v1/files/{fileId}/download", fileId)
			.headers((headers) -> headers.setBearerAuth(token))
			.exchangeToFlux((response) -> {
				if (response.statusCode().is2xxSuccessful()) {
					return response.bodyToFlux(DataBuffer.class);
				}
				if (response.statusCode().value() == HttpStatus.NOT_FOUND.value()) {
					return response.bodyToMono(NotFound.class)
						.onErrorResume((ex) -> Mono.empty())
						.defaultIfEmpty(new NotFound(null))
						.flatMapMany((notFound) -> Flux.error(notFound.namesFile(fileId)
								? new CopyMissingException(elementUrl + " holds no file " + fileId)
								: new UploadAttemptException(UploadAttemptException.Kind.FAILED, elementUrl
										+ " answered 404 without naming file " + fileId + ": it may lack the route")));
				}
				return refusal(response, elementUrl).flux().cast(DataBuffer.class);
			})
			.onErrorMap(WebClientRequestException.class, (ex) -> transportFailure(ex, elementUrl))
			.onErrorMap(ReadTimeoutException.class,
					(ex) -> new UploadAttemptException(UploadAttemptException.Kind.FAILED,
							elementUrl + " stopped sending file " + fileId));
	}

	/**
	 * Removes a copy through the element's garbage collection, which works in every mode
	 * and answers 200 whether the copy was there or not.
	 */
	Mono<Void> delete(String elementUrl, UUID fileId, String token) {
		return this.webClient.delete()
			.uri(elementUrl + "/api/v1/gc/{fileId}", fileId)
			.headers((headers) -> headers.setBearerAuth(token))
			.exchangeToMono((response) -> response.statusCode().is2xxSuccessful() ? response.releaseBody()
					: refusal(response, elementUrl))
			.onErrorMap(WebClientRequestException.class, (ex) -> transportFailure(ex, elementUrl));
	}

	private static <T> Mono<T> refusal(ClientResponse response, String elementUrl) {
		int status = response.statusCode().value();
		return response.bodyToMono(String.class).defaultIfEmpty("").flatMap((body) -> {
			UploadAttemptException.Kind kind = switch (status) {
				case 507 -> UploadAttemptException.Kind.INSUFFICIENT_STORAGE;
				case 401 -> UploadAttemptException.Kind.TOKEN_REJECTED;
				case 503 -> UploadAttemptException.Kind.UNAVAILABLE;
				// a proxy's timeout, conflict or throttling says nothing of what the
				// element did
				case 408, 409, 429 -> UploadAttemptException.Kind.FAILED;
				default -> (status >= 400 && status < 500) ? UploadAttemptException.Kind.REFUSED
						: UploadAttemptException.Kind.FAILED;
			};
			return Mono.error(new UploadAttemptException(kind, elementUrl + " answered " + status + " " + body));
		});
	}

	private static Throwable transportFailure(WebClientRequestException ex, String elementUrl) {
		Throwable cause = ex.getCause();
		if (cause instanceof CallerBodyFailedException || cause instanceof ProblemException
				|| cause instanceof ContentNotReplayableException) {
			return callerFailure(cause);
		}
		if (isConnectFailure(cause)) {
			return new UploadAttemptException(UploadAttemptException.Kind.UNREACHABLE,
					elementUrl + " cannot be reached: " + ex.getMessage());
		}
		return new UploadAttemptException(UploadAttemptException.Kind.FAILED, "The connection to " + elementUrl
				+ " broke: "
				+ ((cause != null) ? cause.getClass().getSimpleName() + " " + cause.getMessage() : ex.getMessage()));
	}

	/**
	 * A failure of the content rather than the element: the caller's problem as it is, or
	 * the marked failure for the element's breaker to pass over.
	 */
	private static Throwable callerFailure(Throwable failure) {
		Throwable original = (failure instanceof CallerBodyFailedException) ? failure.getCause() : failure;
		return (original instanceof ProblemException || original instanceof ContentNotReplayableException) ? original
				: failure;
	}

	/** Failures before a request could go out: nothing reached the element. */
	private static boolean isConnectFailure(@Nullable Throwable cause) {
		return cause instanceof ConnectException || cause instanceof ConnectTimeoutException
				|| cause instanceof PoolAcquireTimeoutException || cause instanceof PoolAcquirePendingLimitException;
	}

}
