package io.artstore.reference.storage;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.interfaces.RSAPublicKey;
import java.time.Duration;
import java.time.Instant;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

import org.jspecify.annotations.Nullable;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Schedulers;
import reactor.netty.DisposableServer;
import reactor.netty.http.server.HttpServer;

import org.springframework.core.io.buffer.DataBuffer;
import org.springframework.core.io.buffer.DataBufferUtils;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.codec.multipart.FilePartEvent;
import org.springframework.http.codec.multipart.FormPartEvent;
import org.springframework.http.codec.multipart.PartEvent;
import org.springframework.http.server.reactive.ReactorHttpHandlerAdapter;
import org.springframework.security.oauth2.jwt.JwtException;
import org.springframework.security.oauth2.jwt.NimbusReactiveJwtDecoder;
import org.springframework.security.oauth2.jwt.ReactiveJwtDecoder;
import org.springframework.web.reactive.function.server.HandlerFilterFunction;
import org.springframework.web.reactive.function.server.HandlerFunction;
import org.springframework.web.reactive.function.server.RouterFunction;
import org.springframework.web.reactive.function.server.RouterFunctions;
import org.springframework.web.reactive.function.server.ServerRequest;
import org.springframework.web.reactive.function.server.ServerResponse;

/**
 * The reference storage element: the parts of the artStore Storage Element API that the
 * ingester uses, served by WebFlux functional endpoints on Reactor Netty. Uploads stream
 * to disk chunk by chunk; nothing holds a whole file in memory. Bearer tokens are
 * validated as RS256 JWTs when the element is given the Admin Module's public key, and
 * only checked for presence otherwise.
 */
public final class ReferenceStorageElement {

	private final Path root;

	private final String mode;

	private final long capacityBytes;

	private final AtomicLong usedBytes = new AtomicLong();

	private final Map<UUID, StoredFile> files = new ConcurrentHashMap<>();

	private final Map<String, UUID> idempotencyKeys = new ConcurrentHashMap<>();

	private final @Nullable ReactiveJwtDecoder tokens;

	private volatile @Nullable Duration drainingRetryAfter;

	private volatile Duration answerDelay = Duration.ZERO;

	/**
	 * A storage element that keeps its files in a directory and checks only that requests
	 * carry a bearer token.
	 * @param root the directory, created if missing
	 * @param mode {@code edit}, {@code rw}, {@code ro} or {@code ar}
	 * @param capacityBytes the space it may fill
	 */
	public ReferenceStorageElement(Path root, String mode, long capacityBytes) {
		this(root, mode, capacityBytes, null);
	}

	/**
	 * A storage element that keeps its files in a directory.
	 * @param root the directory, created if missing
	 * @param mode {@code edit}, {@code rw}, {@code ro} or {@code ar}
	 * @param capacityBytes the space it may fill
	 * @param adminPublicKey the key that signs valid tokens, or {@code null} to accept
	 * any token
	 */
	public ReferenceStorageElement(Path root, String mode, long capacityBytes, @Nullable RSAPublicKey adminPublicKey) {
		this.root = createDirectories(root);
		this.mode = mode;
		this.capacityBytes = capacityBytes;
		this.tokens = (adminPublicKey != null) ? NimbusReactiveJwtDecoder.withPublicKey(adminPublicKey).build() : null;
	}

	/**
	 * Drains this element, as before a shutdown: from now on it refuses uploads with 503
	 * and {@code Retry-After}, storing nothing.
	 * @param retryAfter when it asks callers to try again
	 * @return this element
	 */
	public ReferenceStorageElement drain(Duration retryAfter) {
		this.drainingRetryAfter = retryAfter;
		return this;
	}

	/**
	 * Makes this element slow, as one under load: it stores every upload at once but
	 * holds its answer for the given time.
	 * @param delay how long each upload's answer is held
	 * @return this element
	 */
	public ReferenceStorageElement answerUploadsAfter(Duration delay) {
		this.answerDelay = delay;
		return this;
	}

	/**
	 * Serves this element over HTTP on the loopback interface.
	 * @param port the port, or 0 for any free one
	 * @return the running server
	 */
	public DisposableServer start(int port) {
		return start(port, (request, next) -> next.handle(request));
	}

	/**
	 * Serves this element with a filter in front of every call: for tests that inject
	 * faults (a 503, a slow answer, a reset mid-body) into what it answers.
	 * @param port the port, or 0 for any free one
	 * @param filter the filter
	 * @return the running server
	 */
	public DisposableServer start(int port, HandlerFilterFunction<ServerResponse, ServerResponse> filter) {
		return HttpServer.create()
			.host("127.0.0.1")
			.port(port)
			.handle(new ReactorHttpHandlerAdapter(RouterFunctions.toHttpHandler(routes().filter(filter))))
			.bindNow();
	}

	/**
	 * The base URL of a started server.
	 * @param server the server
	 * @return its base URL
	 */
	public static URI baseUrl(DisposableServer server) {
		return URI.create("http://127.0.0.1:" + server.port());
	}

	/**
	 * Runs an element until the process ends:
	 * {@code PORT DIRECTORY [MODE [CAPACITY_BYTES]]}.
	 * @param args the command line
	 */
	public static void main(String[] args) {
		int port = (args.length > 0) ? Integer.parseInt(args[0]) : 8010;
		Path root = (args.length > 1) ? Path.of(args[1]) : Path.of(System.getProperty("java.io.tmpdir"), "se-data");
		String mode = (args.length > 2) ? args[2] : "edit";
		long capacity = (args.length > 3) ? Long.parseLong(args[3]) : Long.MAX_VALUE;
		DisposableServer server = new ReferenceStorageElement(root, mode, capacity).start(port);
		System.out.println("Reference storage element (" + mode + ") on " + baseUrl(server) + ", files in " + root);
		server.onDispose().block();
	}

	RouterFunction<ServerResponse> routes() {
		return RouterFunctions.route()
			.POST("/api/v1/files/upload", authenticated(this::upload))
			.GET("/api/v1/files/by-idempotency-key/{key}", authenticated(this::findByIdempotencyKey))
			.GET("/api/v1/files/{fileId}", authenticated(this::metadata))
			.DELETE("/api/v1/files/{fileId}", authenticated(this::delete))
			.GET("/health/live", this::live)
			.build();
	}

	/**
	 * How many files the element holds.
	 * @return the number of stored files
	 */
	public int fileCount() {
		return this.files.size();
	}

	/**
	 * The ids of the stored files.
	 * @return a snapshot
	 */
	public Set<UUID> fileIds() {
		return Set.copyOf(this.files.keySet());
	}

	private Mono<ServerResponse> upload(ServerRequest request) {
		if (!"edit".equals(this.mode) && !"rw".equals(this.mode)) {
			return problem(HttpStatus.BAD_REQUEST,
					"Storage element is in " + this.mode + " mode: uploads need edit or rw");
		}
		Duration retryAfter = this.drainingRetryAfter;
		if (retryAfter != null) {
			return request.bodyToFlux(DataBuffer.class)
				.doOnNext(DataBufferUtils::release)
				.then(ServerResponse.status(HttpStatus.SERVICE_UNAVAILABLE)
					.header(HttpHeaders.RETRY_AFTER, Long.toString(retryAfter.toSeconds()))
					.contentType(MediaType.APPLICATION_JSON)
					.bodyValue(Map.of("detail", "Storage element is draining and not accepting uploads")));
		}
		if (this.usedBytes.get() >= this.capacityBytes) {
			return problem(HttpStatus.INSUFFICIENT_STORAGE, new InsufficientStorageException().getMessage());
		}
		Map<String, String> fields = new ConcurrentHashMap<>();
		String idempotencyKey = request.headers().firstHeader("Idempotency-Key");
		return request.bodyToFlux(PartEvent.class)
			.windowUntil(PartEvent::isLast)
			.concatMap((part) -> part.switchOnFirst((first, events) -> {
				PartEvent event = first.get();
				if (event instanceof FilePartEvent file && "file".equals(event.name())) {
					return store(file.filename(), events.map(PartEvent::content));
				}
				if (event instanceof FormPartEvent form) {
					fields.put(form.name(), form.value());
				}
				return events.doOnNext((e) -> DataBufferUtils.release(e.content())).then(Mono.<StoredFile>empty());
			}))
			.collectList()
			.flatMap((stored) -> {
				if (stored.size() != 1) {
					stored.forEach(this::remove);
					return problem(HttpStatus.BAD_REQUEST, "Exactly one file part named 'file' is required");
				}
				StoredFile file = stored.get(0);
				if (idempotencyKey != null) {
					this.idempotencyKeys.put(idempotencyKey, file.id());
				}
				Map<String, Object> body = new LinkedHashMap<>();
				body.put("file_id", file.id());
				body.put("original_filename", file.originalFilename());
				body.put("file_size", file.size());
				body.put("checksum", file.checksum());
				body.put("message", "File uploaded successfully");
				Mono<ServerResponse> created = ServerResponse.status(HttpStatus.CREATED)
					.contentType(MediaType.APPLICATION_JSON)
					.bodyValue(body);
				Duration delay = this.answerDelay;
				return delay.isZero() ? created : created.delayElement(delay);
			})
			.onErrorResume(InsufficientStorageException.class,
					(ex) -> problem(HttpStatus.INSUFFICIENT_STORAGE, ex.getMessage()));
	}

	private Mono<StoredFile> store(String filename, Flux<DataBuffer> content) {
		UUID id = UUID.randomUUID();
		Path target = this.root.resolve(id.toString());
		MessageDigest sha256 = newSha256();
		AtomicLong size = new AtomicLong();
		Flux<DataBuffer> counted = content.handle((buffer, sink) -> {
			int length = buffer.readableByteCount();
			if (this.usedBytes.addAndGet(length) > this.capacityBytes) {
				this.usedBytes.addAndGet(-length);
				DataBufferUtils.release(buffer);
				sink.error(new InsufficientStorageException());
				return;
			}
			size.addAndGet(length);
			try (DataBuffer.ByteBufferIterator chunks = buffer.readableByteBuffers()) {
				while (chunks.hasNext()) {
					ByteBuffer chunk = chunks.next();
					sha256.update(chunk);
				}
			}
			sink.next(buffer);
		});
		// Written on the thread that delivers each buffer. With an
		// AsynchronousFileChannel, its completion thread requested the
		// next buffer, and the multipart window then lost or freed one
		// now and then (docs/performance-notes.md).
		Mono<Void> written = Flux
			.using(() -> FileChannel.open(target, StandardOpenOption.CREATE, StandardOpenOption.TRUNCATE_EXISTING,
					StandardOpenOption.WRITE), (channel) -> DataBufferUtils.write(counted, channel),
					ReferenceStorageElement::closeQuietly)
			.doOnNext(DataBufferUtils.releaseConsumer())
			.then();
		return written.then(Mono.fromCallable(() -> {
			StoredFile file = new StoredFile(id, filename, size.get(), HexFormat.of().formatHex(sha256.digest()),
					target, Instant.now());
			this.files.put(id, file);
			return file;
		})).onErrorResume((ex) -> Mono.fromRunnable(() -> {
			this.usedBytes.addAndGet(-size.get());
			deleteQuietly(target);
		}).then(Mono.error(ex)));
	}

	private Mono<ServerResponse> findByIdempotencyKey(ServerRequest request) {
		UUID id = this.idempotencyKeys.get(request.pathVariable("key"));
		return metadata((id != null) ? this.files.get(id) : null);
	}

	private Mono<ServerResponse> metadata(ServerRequest request) {
		return metadata(this.files.get(fileId(request)));
	}

	private Mono<ServerResponse> metadata(@Nullable StoredFile file) {
		if (file == null) {
			return problem(HttpStatus.NOT_FOUND, "File not found");
		}
		Map<String, Object> body = new LinkedHashMap<>();
		body.put("file_id", file.id());
		body.put("original_filename", file.originalFilename());
		body.put("file_size", file.size());
		body.put("checksum", file.checksum());
		body.put("storage_path", file.path().toString());
		body.put("created_at", file.storedAt().toString());
		return ServerResponse.ok().contentType(MediaType.APPLICATION_JSON).bodyValue(body);
	}

	private Mono<ServerResponse> delete(ServerRequest request) {
		if (!"edit".equals(this.mode)) {
			return problem(HttpStatus.BAD_REQUEST, "Storage element is in " + this.mode + " mode: deletes need edit");
		}
		StoredFile file = this.files.get(fileId(request));
		if (file == null) {
			return problem(HttpStatus.NOT_FOUND, "File not found");
		}
		return Mono.fromRunnable(() -> remove(file))
			.subscribeOn(Schedulers.boundedElastic())
			.then(ServerResponse.noContent().build());
	}

	private void remove(StoredFile file) {
		if (this.files.remove(file.id()) != null) {
			this.usedBytes.addAndGet(-file.size());
		}
		deleteQuietly(file.path());
	}

	private Mono<ServerResponse> live(ServerRequest request) {
		Map<String, Object> body = new LinkedHashMap<>();
		body.put("status", "ok");
		body.put("timestamp", Instant.now().toString());
		body.put("checks", Map.of("process", "running"));
		return ServerResponse.ok().contentType(MediaType.APPLICATION_JSON).bodyValue(body);
	}

	private static UUID fileId(ServerRequest request) {
		try {
			return UUID.fromString(request.pathVariable("fileId"));
		}
		catch (IllegalArgumentException ex) {
			return new UUID(0, 0);
		}
	}

	private HandlerFunction<ServerResponse> authenticated(HandlerFunction<ServerResponse> handler) {
		return (request) -> {
			String authorization = request.headers().firstHeader(HttpHeaders.AUTHORIZATION);
			if (authorization == null || !authorization.startsWith("Bearer ") || authorization.length() <= 7) {
				return unauthorized("Not authenticated");
			}
			if (this.tokens == null) {
				return handler.handle(request);
			}
			return this.tokens.decode(authorization.substring("Bearer ".length()))
				.flatMap((jwt) -> handler.handle(request))
				.onErrorResume(JwtException.class, (ex) -> unauthorized("Invalid or expired token"));
		};
	}

	private static Mono<ServerResponse> unauthorized(String detail) {
		return ServerResponse.status(HttpStatus.UNAUTHORIZED)
			.header(HttpHeaders.WWW_AUTHENTICATE, "Bearer")
			.contentType(MediaType.APPLICATION_JSON)
			.bodyValue(Map.of("detail", detail));
	}

	private static Mono<ServerResponse> problem(HttpStatus status, String detail) {
		return ServerResponse.status(status)
			.contentType(MediaType.APPLICATION_JSON)
			.bodyValue(Map.of("detail", detail));
	}

	private static MessageDigest newSha256() {
		try {
			return MessageDigest.getInstance("SHA-256");
		}
		catch (NoSuchAlgorithmException ex) {
			throw new IllegalStateException(ex);
		}
	}

	private static Path createDirectories(Path dir) {
		try {
			return Files.createDirectories(dir);
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

	private static void closeQuietly(FileChannel channel) {
		try {
			channel.close();
		}
		catch (IOException ex) {
			// a file that could not be closed is deleted or reported on its own
		}
	}

	private static void deleteQuietly(Path path) {
		try {
			Files.deleteIfExists(path);
		}
		catch (IOException ex) {
			// the element reports the file as gone; a leftover is only wasted space
		}
	}

}
