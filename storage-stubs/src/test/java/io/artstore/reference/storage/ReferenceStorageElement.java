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
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Function;

import org.jspecify.annotations.Nullable;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Schedulers;
import reactor.netty.DisposableServer;
import reactor.netty.http.server.HttpServer;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.core.io.buffer.DataBuffer;
import org.springframework.core.io.buffer.DataBufferUtils;
import org.springframework.core.io.buffer.DefaultDataBufferFactory;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.codec.multipart.FilePartEvent;
import org.springframework.http.codec.multipart.FormPartEvent;
import org.springframework.http.codec.multipart.PartEvent;
import org.springframework.http.server.reactive.ReactorHttpHandlerAdapter;
import org.springframework.web.reactive.function.BodyInserters;
import org.springframework.web.reactive.function.server.HandlerFilterFunction;
import org.springframework.web.reactive.function.server.RequestPredicates;
import org.springframework.web.reactive.function.server.RouterFunction;
import org.springframework.web.reactive.function.server.RouterFunctions;
import org.springframework.web.reactive.function.server.ServerRequest;
import org.springframework.web.reactive.function.server.ServerResponse;

import io.artstore.testsupport.fastapi.FastApiAnswers;
import io.artstore.testsupport.fastapi.PythonUuids;

/**
 * The reference storage element: the parts of the artStore Storage Element API that the
 * ingester uses, served by WebFlux functional endpoints on Reactor Netty and answered as
 * the real element at BigKAA/artStore 68241ca answers them (its status codes, details and
 * fields). Uploads stream to disk chunk by chunk; nothing holds a whole file in memory.
 * Bearer tokens are validated as RS256 JWTs when the element is given the Admin Module's
 * public key, and only checked for presence otherwise. Beyond the real element, it can
 * refuse what does not fit with 507, drain (503 with {@code Retry-After}) and find files
 * by {@code Idempotency-Key}, which pending contracts ask the Storage team for.
 */
public final class ReferenceStorageElement {

	private static final DateTimeFormatter STORAGE_PATH = DateTimeFormatter.ofPattern("uuuu/MM/dd/HH/")
		.withZone(ZoneOffset.UTC);

	private static final DateTimeFormatter STORAGE_TIMESTAMP = DateTimeFormatter.ofPattern("uuuuMMdd'T'HHmmss")
		.withZone(ZoneOffset.UTC);

	private static final JsonMapper JSON = JsonMapper.builder().build();

	private final Path root;

	private final String mode;

	private final long capacityBytes;

	private final AtomicLong usedBytes = new AtomicLong();

	private final Map<UUID, StoredFile> files = new ConcurrentHashMap<>();

	private final Map<String, UUID> idempotencyKeys = new ConcurrentHashMap<>();

	private final BearerTokens tokens;

	private volatile @Nullable Duration drainingRetryAfter;

	private volatile Duration answerDelay = Duration.ZERO;

	private volatile boolean pendingEndpoints = true;

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
		this.tokens = new BearerTokens(adminPublicKey);
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
	 * Serves only what the real element offers: the look-up by {@code Idempotency-Key},
	 * which only pending contracts ask for, answers FastAPI's 404 for an unknown route.
	 * @return this element
	 */
	public ReferenceStorageElement withoutPendingEndpoints() {
		this.pendingEndpoints = false;
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
			.POST("/api/v1/files/upload", this.tokens.require(this::upload))
			.GET("/api/v1/files/by-idempotency-key/{key}",
					(request) -> this.pendingEndpoints ? this.tokens.require(this::findByIdempotencyKey).handle(request)
							: FastApiAnswers.detail(HttpStatus.NOT_FOUND, "Not Found"))
			.GET("/api/v1/files/{fileId}/download", this.tokens.require(this::download))
			.GET("/api/v1/files/{fileId}", this.tokens.require(this::metadata))
			.DELETE("/api/v1/files/{fileId}", this.tokens.require(this::delete))
			.DELETE("/api/v1/gc/{fileId}", this.tokens.require(this::collect))
			.GET("/api/v1/gc/{fileId}/exists", this.tokens.require(this::exists))
			.GET("/health/live", this::live)
			.route(RequestPredicates.all(), (request) -> FastApiAnswers.detail(HttpStatus.NOT_FOUND, "Not Found"))
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

	/**
	 * Where a stored file's bytes are.
	 * @param fileId the file
	 * @return its path, or {@code null} when the element holds no such file
	 */
	public @Nullable Path path(UUID fileId) {
		StoredFile file = this.files.get(fileId);
		return (file != null) ? file.path() : null;
	}

	private Mono<ServerResponse> upload(ServerRequest request, Caller caller) {
		if (!"edit".equals(this.mode) && !"rw".equals(this.mode)) {
			return FastApiAnswers.detail(HttpStatus.BAD_REQUEST, "File upload not allowed in " + this.mode + " mode");
		}
		Duration retryAfter = this.drainingRetryAfter;
		if (retryAfter != null) {
			return request.bodyToFlux(DataBuffer.class)
				.doOnNext(DataBufferUtils::release)
				.then(FastApiAnswers.detail(HttpStatus.SERVICE_UNAVAILABLE,
						"Storage element is draining and not accepting uploads", HttpHeaders.RETRY_AFTER,
						Long.toString(retryAfter.toSeconds())));
		}
		if (this.usedBytes.get() >= this.capacityBytes) {
			return FastApiAnswers.detail(HttpStatus.INSUFFICIENT_STORAGE,
					new InsufficientStorageException().getMessage());
		}
		Upload upload = new Upload(this.files::containsKey);
		String idempotencyKey = request.headers().firstHeader("Idempotency-Key");
		return request.bodyToFlux(PartEvent.class)
			.windowUntil(PartEvent::isLast)
			.concatMap((part) -> part.switchOnFirst((first, events) -> {
				PartEvent event = first.get();
				if (event instanceof FilePartEvent file && "file".equals(event.name()) && upload.file()) {
					MediaType type = file.headers().getContentType();
					return receive(file.filename(), (type != null) ? type.toString() : "application/octet-stream",
							events.map(PartEvent::content));
				}
				if (event instanceof FormPartEvent form) {
					upload.field(form.name(), form.value());
				}
				return events.doOnNext((e) -> DataBufferUtils.release(e.content())).then(Mono.<ReceivedFile>empty());
			}))
			.collectList()
			.flatMap((received) -> store(upload, received, caller, idempotencyKey))
			.onErrorResume(InsufficientStorageException.class,
					(ex) -> FastApiAnswers.detail(HttpStatus.INSUFFICIENT_STORAGE, ex.getMessage()));
	}

	private Mono<ReceivedFile> receive(String filename, String contentType, Flux<DataBuffer> content) {
		Path target = this.root.resolve(".incoming-" + UUID.randomUUID());
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
		return written.then(Mono.fromCallable(() -> new ReceivedFile(target, filename, contentType, size.get(),
				HexFormat.of().formatHex(sha256.digest()))))
			.onErrorResume((ex) -> Mono.fromRunnable(() -> {
				this.usedBytes.addAndGet(-size.get());
				deleteQuietly(target);
			}).then(Mono.error(ex)));
	}

	private Mono<ServerResponse> store(Upload upload, List<ReceivedFile> received, Caller caller,
			@Nullable String idempotencyKey) {
		Upload.Refusal refusal = upload.refusal();
		if (refusal != null || received.size() != 1) {
			received.forEach(this::discard);
			if (received.isEmpty() && !upload.hadFile()) {
				// FastAPI validates the form before the handler refuses anything
				return FastApiAnswers.invalid("missing", List.of("body", "file"), "Field required", null);
			}
			return (refusal != null) ? FastApiAnswers.detail(refusal.status(), refusal.detail())
					: FastApiAnswers.detail(HttpStatus.BAD_REQUEST, "Exactly one file part named 'file' is required");
		}
		ReceivedFile file = received.get(0);
		UUID chosen = upload.fileId();
		UUID id = (chosen != null) ? chosen : UUID.randomUUID();
		Instant now = Instant.now();
		StoredFile stored = new StoredFile(id, file.filename(),
				storageFilename(file.filename(), caller.name(), id, now), STORAGE_PATH.format(now), file.contentType(),
				upload.field("description"), upload.field("version"), caller.name(), file.size(), file.checksum(),
				this.root.resolve(id.toString()), now);
		if (this.files.putIfAbsent(id, stored) != null) {
			discard(file);
			Upload.Refusal duplicate = Upload.Refusal.duplicate(id);
			return FastApiAnswers.detail(duplicate.status(), duplicate.detail());
		}
		try {
			Files.move(file.temporary(), stored.path());
		}
		catch (IOException ex) {
			this.files.remove(id);
			discard(file);
			return FastApiAnswers.detail(HttpStatus.INTERNAL_SERVER_ERROR, "Failed to create file");
		}
		if (idempotencyKey != null) {
			this.idempotencyKeys.put(idempotencyKey, id);
		}
		Map<String, Object> body = new LinkedHashMap<>();
		body.put("file_id", id);
		body.put("original_filename", stored.originalFilename());
		body.put("file_size", stored.size());
		body.put("checksum", stored.checksum());
		body.put("message", "File uploaded successfully");
		Mono<ServerResponse> created = FastApiAnswers.json(HttpStatus.CREATED, body);
		Duration delay = this.answerDelay;
		return delay.isZero() ? created : created.delayElement(delay);
	}

	private void discard(ReceivedFile file) {
		this.usedBytes.addAndGet(-file.size());
		deleteQuietly(file.temporary());
	}

	private Mono<ServerResponse> findByIdempotencyKey(ServerRequest request, Caller caller) {
		UUID id = this.idempotencyKeys.get(request.pathVariable("key"));
		StoredFile file = (id != null) ? this.files.get(id) : null;
		return (file != null) ? FastApiAnswers.json(HttpStatus.OK, describe(file)) : FastApiAnswers
			.detail(HttpStatus.NOT_FOUND, "No file stored with Idempotency-Key " + request.pathVariable("key"));
	}

	private Mono<ServerResponse> metadata(ServerRequest request, Caller caller) {
		return withFileId(request, (id) -> {
			StoredFile file = this.files.get(id);
			return (file != null) ? FastApiAnswers.json(HttpStatus.OK, describe(file))
					: FastApiAnswers.detail(HttpStatus.NOT_FOUND, "File " + id + " not found");
		});
	}

	/**
	 * A stored file's bytes, streamed from disk, with its content type, length and name
	 * as the real element sends them ({@code StreamingResponse}).
	 */
	private Mono<ServerResponse> download(ServerRequest request, Caller caller) {
		return withFileId(request, (id) -> {
			StoredFile file = this.files.get(id);
			if (file == null) {
				return FastApiAnswers.detail(HttpStatus.NOT_FOUND, "File " + id + " not found");
			}
			Flux<DataBuffer> content = DataBufferUtils.read(file.path(), DefaultDataBufferFactory.sharedInstance,
					64 * 1024);
			return ServerResponse.ok()
				.contentType(MediaType.parseMediaType(file.contentType()))
				.contentLength(file.size())
				.header(HttpHeaders.CONTENT_DISPOSITION, "attachment; filename=\"" + file.originalFilename() + "\"")
				.body(BodyInserters.fromDataBuffers(content));
		});
	}

	private Map<String, @Nullable Object> describe(StoredFile file) {
		String storedAt = FastApiAnswers.isoformat(file.storedAt());
		Map<String, @Nullable Object> body = new LinkedHashMap<>();
		body.put("file_id", file.id());
		body.put("original_filename", file.originalFilename());
		body.put("storage_filename", file.storageFilename());
		body.put("file_size", file.size());
		body.put("content_type", file.contentType());
		body.put("created_at", storedAt);
		body.put("created_by_username", file.createdBy());
		body.put("created_by_fullname", null);
		body.put("description", file.description());
		body.put("version", file.version());
		body.put("storage_path", file.storagePath());
		body.put("checksum", file.checksum());
		body.put("cache_updated_at", storedAt);
		body.put("cache_ttl_hours", ("edit".equals(this.mode) || "rw".equals(this.mode)) ? 24 : 168);
		body.put("cache_expired", false);
		return body;
	}

	private Mono<ServerResponse> delete(ServerRequest request, Caller caller) {
		if (!caller.isOperatorOrAdmin()) {
			return FastApiAnswers.detail(HttpStatus.FORBIDDEN, "Operator or admin access required");
		}
		return withFileId(request, (id) -> {
			if (!"edit".equals(this.mode)) {
				return FastApiAnswers.detail(HttpStatus.BAD_REQUEST,
						"File deletion not allowed in " + this.mode + " mode. Only EDIT mode allows deletion.");
			}
			StoredFile file = this.files.get(id);
			if (file == null) {
				return FastApiAnswers.detail(HttpStatus.NOT_FOUND, "File not found: " + id);
			}
			return Mono.fromRunnable(() -> remove(file))
				.subscribeOn(Schedulers.boundedElastic())
				.then(ServerResponse.noContent().build());
		});
	}

	/** Garbage collection of a copy: by service accounts, in any mode, idempotent. */
	private Mono<ServerResponse> collect(ServerRequest request, Caller caller) {
		if (!caller.serviceAccount()) {
			return serviceAccountRequired();
		}
		return withFileId(request, (id) -> request.bodyToMono(String.class).defaultIfEmpty("").flatMap((json) -> {
			String reason;
			try {
				@Nullable JsonNode given = json.isBlank() ? null : JSON.readTree(json).get("reason");
				reason = (given != null && given.isString()) ? given.asString() : "gc_cleanup";
			}
			catch (JacksonException ex) {
				return FastApiAnswers.invalid("json_invalid", List.of("body", 0), "JSON decode error", Map.of());
			}
			StoredFile file = this.files.get(id);
			Mono<Void> removal = (file != null)
					? Mono.<Void>fromRunnable(() -> remove(file)).subscribeOn(Schedulers.boundedElastic())
					: Mono.empty();
			Map<String, Object> body = new LinkedHashMap<>();
			body.put("status", (file != null) ? "deleted" : "already_deleted");
			body.put("file_id", id);
			body.put("deleted_at", FastApiAnswers.isoformat(Instant.now()));
			body.put("deleted_by", caller.subject());
			body.put("reason", reason);
			return removal.then(FastApiAnswers.json(HttpStatus.OK, body));
		}));
	}

	private Mono<ServerResponse> exists(ServerRequest request, Caller caller) {
		if (!caller.serviceAccount()) {
			return serviceAccountRequired();
		}
		return withFileId(request, (id) -> FastApiAnswers.json(HttpStatus.OK,
				Map.of("exists", this.files.containsKey(id), "file_id", id.toString())));
	}

	private static Mono<ServerResponse> serviceAccountRequired() {
		return FastApiAnswers.detail(HttpStatus.FORBIDDEN,
				"Service account access required. Only service accounts can perform GC operations.");
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
		body.put("timestamp", FastApiAnswers.isoformat(Instant.now()));
		body.put("checks", Map.of("process", "running"));
		return FastApiAnswers.json(HttpStatus.OK, body);
	}

	/** The path's file id, or FastAPI's 422 for one that is not a UUID. */
	private static Mono<ServerResponse> withFileId(ServerRequest request,
			Function<UUID, Mono<ServerResponse>> handler) {
		String value = request.pathVariable("fileId");
		UUID id = PythonUuids.parse(value);
		return (id != null) ? handler.apply(id) : FastApiAnswers.invalid("uuid_parsing", List.of("path", "file_id"),
				"Input should be a valid UUID", value);
	}

	/** The name the real element stores a file under: stem, uploader, time and id. */
	private static String storageFilename(String originalFilename, String uploader, UUID id, Instant at) {
		String name = originalFilename.substring(originalFilename.lastIndexOf('/') + 1);
		int dot = name.lastIndexOf('.');
		boolean hasExtension = dot > 0 && dot < name.length() - 1;
		String stem = sanitize(hasExtension ? name.substring(0, dot) : name);
		return (stem.isEmpty() ? "file" : stem) + "_" + sanitize(uploader) + "_" + STORAGE_TIMESTAMP.format(at) + "_"
				+ id + (hasExtension ? name.substring(dot) : "");
	}

	private static String sanitize(String value) {
		return value.replaceAll("[^A-Za-z0-9._-]", "_");
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
