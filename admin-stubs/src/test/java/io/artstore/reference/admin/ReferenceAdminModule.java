package io.artstore.reference.admin;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

import io.artstore.testsupport.RsaTokenIssuer;
import reactor.core.publisher.Mono;
import reactor.netty.DisposableServer;
import reactor.netty.http.server.HttpServer;
import tools.jackson.core.type.TypeReference;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.server.reactive.ReactorHttpHandlerAdapter;
import org.springframework.security.oauth2.jwt.JwtClaimsSet;
import org.springframework.security.oauth2.jwt.NimbusReactiveJwtDecoder;
import org.springframework.security.oauth2.jwt.ReactiveJwtDecoder;
import org.springframework.web.reactive.function.server.HandlerFilterFunction;
import org.springframework.web.reactive.function.server.HandlerFunction;
import org.springframework.web.reactive.function.server.RouterFunction;
import org.springframework.web.reactive.function.server.RouterFunctions;
import org.springframework.web.reactive.function.server.ServerRequest;
import org.springframework.web.reactive.function.server.ServerResponse;

/**
 * The reference Admin Module: the parts of the artStore Admin Module that the ingester
 * uses, served by WebFlux functional endpoints on Reactor Netty.
 */
public final class ReferenceAdminModule {

	private static final Duration TOKEN_LIFETIME = Duration.ofMinutes(30);

	private final Map<String, String> clientSecrets;

	private final List<StorageElement> storageElements;

	private final Clock clock;

	private final RsaTokenIssuer issuer = RsaTokenIssuer.withNewKeyPair();

	private final ReactiveJwtDecoder decoder;

	private final Map<UUID, FileRegistration> registeredFiles = new ConcurrentHashMap<>();

	private final AtomicInteger duplicateRegistrations = new AtomicInteger();

	private volatile boolean registryFailing;

	ReferenceAdminModule(Map<String, String> clientSecrets, List<StorageElement> storageElements, Clock clock) {
		this.clientSecrets = Map.copyOf(clientSecrets);
		this.storageElements = List.copyOf(storageElements);
		this.clock = clock;
		this.decoder = NimbusReactiveJwtDecoder.withPublicKey(this.issuer.publicKey()).build();
	}

	/**
	 * Starts a reference Admin Module with the service accounts and storage elements of
	 * {@code reference-admin/} on the class path.
	 * @param port the port, or 0 for any free one
	 * @return the running server
	 */
	public static DisposableServer start(int port) {
		return create().serve(port, (request, next) -> next.handle(request));
	}

	/**
	 * A reference Admin Module with the service accounts and storage elements of
	 * {@code reference-admin/} on the class path, not yet started.
	 * @return the module
	 */
	public static ReferenceAdminModule create() {
		return new ReferenceAdminModule(
				readResource("reference-admin/service-accounts.json", new TypeReference<Map<String, String>>() {
				}), readResource("reference-admin/storage-elements.json", new TypeReference<List<StorageElement>>() {
				}), Clock.systemUTC());
	}

	/**
	 * A reference Admin Module with the service accounts of {@code reference-admin/} and
	 * the given storage elements.
	 * @param storageElementsJson the elements, as the {@code storage_elements} of the
	 * available list
	 * @return the module
	 */
	public static ReferenceAdminModule create(String storageElementsJson) {
		return new ReferenceAdminModule(
				readResource("reference-admin/service-accounts.json", new TypeReference<Map<String, String>>() {
				}),
				JsonMapper.builder().build().readValue(storageElementsJson, new TypeReference<List<StorageElement>>() {
				}), Clock.systemUTC());
	}

	/**
	 * Makes this module's file registry fail, as when its database goes away mid-request:
	 * from now on every registration is answered 500 with the body the upstream FastAPI
	 * service gives an unhandled error ({@code Internal Server Error},
	 * {@code text/plain}).
	 * @return this module
	 */
	public ReferenceAdminModule failRegistrations() {
		this.registryFailing = true;
		return this;
	}

	/**
	 * Serves this module with a filter in front of every call: for tests that inject
	 * faults (a 500, a slow answer) into what it answers.
	 * @param port the port, or 0 for any free one
	 * @param filter the filter
	 * @return the running server
	 */
	public DisposableServer serve(int port, HandlerFilterFunction<ServerResponse, ServerResponse> filter) {
		return HttpServer.create()
			.host("127.0.0.1")
			.port(port)
			.handle(new ReactorHttpHandlerAdapter(RouterFunctions.toHttpHandler(routes().filter(filter))))
			.bindNow();
	}

	/**
	 * The ids of the registered files.
	 * @return a snapshot of the registry
	 */
	public Set<UUID> registeredFileIds() {
		return Set.copyOf(this.registeredFiles.keySet());
	}

	/**
	 * How many registrations were refused because the file id was already registered.
	 * @return the count
	 */
	public int duplicateRegistrations() {
		return this.duplicateRegistrations.get();
	}

	/**
	 * The base URL of a started server.
	 * @param server the server
	 * @return its base URL
	 */
	public static URI baseUrl(DisposableServer server) {
		return URI.create("http://127.0.0.1:" + server.port());
	}

	public static void main(String[] args) {
		DisposableServer server = start(args.length > 0 ? Integer.parseInt(args[0]) : 8000);
		System.out.println("Reference Admin Module on " + baseUrl(server));
		server.onDispose().block();
	}

	RouterFunction<ServerResponse> routes() {
		return RouterFunctions.route()
			.POST("/api/v1/auth/token", this::issueToken)
			.GET("/api/v1/internal/storage-elements/available", authenticated(this::availableElements))
			.POST("/api/v1/files", authenticated(this::registerFile))
			.GET("/api/v1/files/{fileId}", authenticated(this::registeredFile))
			.build();
	}

	private Mono<ServerResponse> issueToken(ServerRequest request) {
		return request.bodyToMono(TokenRequest.class).flatMap((credentials) -> {
			String secret = (credentials.clientId() != null) ? this.clientSecrets.get(credentials.clientId()) : null;
			if (secret == null || !secret.equals(credentials.clientSecret())) {
				return ServerResponse.status(HttpStatus.UNAUTHORIZED)
					.header(HttpHeaders.WWW_AUTHENTICATE, "Bearer error=\"invalid_client\"")
					.contentType(MediaType.APPLICATION_JSON)
					.bodyValue(detail("Invalid client_id or client_secret"));
			}
			Instant now = this.clock.instant();
			Map<String, Object> body = new LinkedHashMap<>();
			body.put("access_token", token(credentials.clientId(), "service_account", now));
			body.put("refresh_token", token(credentials.clientId(), "refresh", now));
			body.put("token_type", "Bearer");
			body.put("expires_in", TOKEN_LIFETIME.toSeconds());
			body.put("issued_at", now.toString());
			return ServerResponse.ok().contentType(MediaType.APPLICATION_JSON).bodyValue(body);
		});
	}

	private String token(String clientId, String type, Instant now) {
		JwtClaimsSet claims = JwtClaimsSet.builder()
			.subject(clientId)
			.claim("type", type)
			.claim("role", "USER")
			.claim("name", clientId)
			.claim("client_id", clientId)
			.claim("rate_limit", 100)
			.id(UUID.randomUUID().toString())
			.issuedAt(now)
			.notBefore(now)
			.expiresAt(now.plus(TOKEN_LIFETIME))
			.build();
		return this.issuer.issue(claims);
	}

	private Mono<ServerResponse> availableElements(ServerRequest request) {
		String mode = request.queryParam("mode").orElse("");
		long minFreeBytes = request.queryParam("min_free_bytes").map(Long::parseLong).orElse(0L);
		List<StorageElement> available = ("edit".equals(mode) || "rw".equals(mode)) ? this.storageElements.stream()
			.filter((element) -> element.isAvailableFor(mode, minFreeBytes))
			.sorted(Comparator.comparingInt(StorageElement::priority))
			.toList() : List.of();
		return ServerResponse.ok()
			.contentType(MediaType.APPLICATION_JSON)
			.bodyValue(Map.of("storage_elements", available, "total", available.size()));
	}

	private Mono<ServerResponse> registerFile(ServerRequest request) {
		if (this.registryFailing) {
			return request.bodyToMono(String.class)
				.then(ServerResponse.status(HttpStatus.INTERNAL_SERVER_ERROR)
					.contentType(MediaType.TEXT_PLAIN)
					.bodyValue("Internal Server Error"));
		}
		return request.bodyToMono(FileRegistration.class).flatMap((registration) -> {
			List<String> problems = registration.problems();
			if (!problems.isEmpty()) {
				return ServerResponse.status(HttpStatus.UNPROCESSABLE_CONTENT)
					.contentType(MediaType.APPLICATION_JSON)
					.bodyValue(detail(String.join("; ", problems)));
			}
			if (this.registeredFiles.putIfAbsent(registration.fileId(), registration) != null) {
				this.duplicateRegistrations.incrementAndGet();
				return ServerResponse.badRequest()
					.contentType(MediaType.APPLICATION_JSON)
					.bodyValue(detail("File " + registration.fileId() + " already exists"));
			}
			Instant now = this.clock.instant();
			Map<String, Object> body = new LinkedHashMap<>();
			body.put("file_id", registration.fileId());
			body.put("original_filename", registration.originalFilename());
			body.put("storage_filename", registration.storageFilename());
			body.put("file_size", registration.fileSize());
			body.put("checksum_sha256", registration.checksumSha256());
			body.put("retention_policy", registration.retentionPolicy());
			body.put("ttl_expires_at", registration.ttlExpiresAt());
			body.put("ttl_days", registration.ttlDays());
			body.put("storage_element_id", registration.storageElementId());
			body.put("storage_path", registration.storagePath());
			body.put("created_at", now.toString());
			body.put("updated_at", now.toString());
			return ServerResponse.status(HttpStatus.CREATED).contentType(MediaType.APPLICATION_JSON).bodyValue(body);
		});
	}

	private Mono<ServerResponse> registeredFile(ServerRequest request) {
		FileRegistration registration = this.registeredFiles.get(fileId(request));
		if (registration == null) {
			return ServerResponse.status(HttpStatus.NOT_FOUND)
				.contentType(MediaType.APPLICATION_JSON)
				.bodyValue(detail("File not found"));
		}
		Map<String, Object> body = new LinkedHashMap<>();
		body.put("file_id", registration.fileId());
		body.put("original_filename", registration.originalFilename());
		body.put("storage_element_id", registration.storageElementId());
		body.put("file_size", registration.fileSize());
		body.put("checksum_sha256", registration.checksumSha256());
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
			if (authorization == null || !authorization.startsWith("Bearer ")) {
				return unauthorized("Not authenticated");
			}
			return this.decoder.decode(authorization.substring("Bearer ".length()))
				.flatMap((jwt) -> "service_account".equals(jwt.getClaimAsString("type")) ? handler.handle(request)
						: unauthorized("Not a service account token"))
				.onErrorResume(org.springframework.security.oauth2.jwt.JwtException.class,
						(ex) -> unauthorized("Invalid or expired token"));
		};
	}

	private static Mono<ServerResponse> unauthorized(String detail) {
		return ServerResponse.status(HttpStatus.UNAUTHORIZED)
			.header(HttpHeaders.WWW_AUTHENTICATE, "Bearer")
			.contentType(MediaType.APPLICATION_JSON)
			.bodyValue(detail(detail));
	}

	private static Map<String, String> detail(String detail) {
		return Map.of("detail", detail);
	}

	private static <T> T readResource(String name, TypeReference<T> type) {
		try (InputStream in = ReferenceAdminModule.class.getClassLoader().getResourceAsStream(name)) {
			if (in == null) {
				throw new IllegalStateException("Missing class path resource " + name);
			}
			return JsonMapper.builder().build().readValue(in, type);
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

}
