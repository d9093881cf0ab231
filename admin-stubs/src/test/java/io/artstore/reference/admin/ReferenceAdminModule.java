package io.artstore.reference.admin;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URI;
import java.security.interfaces.RSAPublicKey;
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
import java.util.function.Function;

import io.artstore.testsupport.RsaTokenIssuer;
import io.artstore.testsupport.fastapi.PythonUuids;
import org.jspecify.annotations.Nullable;
import reactor.core.publisher.Mono;
import reactor.netty.DisposableServer;
import reactor.netty.http.server.HttpServer;
import tools.jackson.core.JacksonException;
import tools.jackson.core.type.TypeReference;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.server.reactive.ReactorHttpHandlerAdapter;
import org.springframework.security.oauth2.jwt.JwtClaimsSet;
import org.springframework.security.oauth2.jwt.JwtException;
import org.springframework.security.oauth2.jwt.NimbusReactiveJwtDecoder;
import org.springframework.security.oauth2.jwt.ReactiveJwtDecoder;
import org.springframework.web.reactive.function.server.HandlerFilterFunction;
import org.springframework.web.reactive.function.server.HandlerFunction;
import org.springframework.web.reactive.function.server.RequestPredicates;
import org.springframework.web.reactive.function.server.RouterFunction;
import org.springframework.web.reactive.function.server.RouterFunctions;
import org.springframework.web.reactive.function.server.ServerRequest;
import org.springframework.web.reactive.function.server.ServerResponse;

import static io.artstore.testsupport.fastapi.FastApiAnswers.detail;
import static io.artstore.testsupport.fastapi.FastApiAnswers.invalid;
import static io.artstore.testsupport.fastapi.FastApiAnswers.json;

/**
 * The reference Admin Module: the parts of the artStore Admin Module that the ingester
 * uses, served by WebFlux functional endpoints on Reactor Netty and answered as the real
 * one at BigKAA/artStore 68241ca answers them: HTTPBearer's 403 without a token,
 * FastAPI's 422 validation errors, one body for every 404, a registration stored before
 * the event it publishes refuses it.
 */
public final class ReferenceAdminModule {

	private static final Duration TOKEN_LIFETIME = Duration.ofMinutes(30);

	private static final JsonMapper JSON = JsonMapper.builder().build();

	private final Map<String, String> clientSecrets;

	private final List<StorageElement> storageElements;

	private final Clock clock;

	private final RsaTokenIssuer issuer = RsaTokenIssuer.withNewKeyPair();

	private final ReactiveJwtDecoder decoder;

	private final Map<UUID, RegisteredFile> registeredFiles = new ConcurrentHashMap<>();

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
	 * The public key of the pair this module signs its tokens with, for storage elements
	 * that check them as real elements check the Admin Module's.
	 * @return the key
	 */
	public RSAPublicKey publicKey() {
		return this.issuer.publicKey();
	}

	/**
	 * Makes this module's file registry fail, as when its database refuses writes: from
	 * now on every valid registration is answered 500 {@code {"detail": "Failed to
	 * register file"}}, the registry's answer to a database error, and nothing is stored.
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
	 * What the registry answers about a file, as {@code GET /api/v1/files/{id}} would.
	 * @param fileId the file
	 * @return the answer's fields, or {@code null} when the file is not registered
	 */
	public @Nullable Map<String, @Nullable Object> registeredFile(UUID fileId) {
		RegisteredFile file = this.registeredFiles.get(fileId);
		return (file != null) ? file.response() : null;
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
			.GET("/api/v1/internal/storage-elements/{elementId}", authenticated(this::storageElement))
			.POST("/api/v1/files", authenticated(this::registerFile))
			.GET("/api/v1/files/{fileId}", authenticated(this::registeredFile))
			.PUT("/api/v1/files/{fileId}", authenticated(this::updateFile))
			.route(RequestPredicates.all(), ReferenceAdminModule::notFound)
			.build();
	}

	private Mono<ServerResponse> issueToken(ServerRequest request) {
		return request.bodyToMono(TokenRequest.class).flatMap((credentials) -> {
			String secret = (credentials.clientId() != null) ? this.clientSecrets.get(credentials.clientId()) : null;
			if (secret == null || !secret.equals(credentials.clientSecret())) {
				return detail(HttpStatus.UNAUTHORIZED, "Invalid client_id or client_secret",
						HttpHeaders.WWW_AUTHENTICATE, "Bearer error=\"invalid_client\"");
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

	private Mono<ServerResponse> availableElements(ServerRequest request, String role) {
		String mode = request.queryParam("mode").orElse("");
		String minFree = request.queryParam("min_free_bytes").orElse("0");
		if (!minFree.matches("[+-]?\\d{1,18}")) {
			return invalid("int_parsing", List.of("query", "min_free_bytes"),
					"Input should be a valid integer, unable to parse string as an integer", minFree);
		}
		long required = Long.parseLong(minFree);
		if (required < 0) {
			return invalid("greater_than_equal", List.of("query", "min_free_bytes"),
					"Input should be greater than or equal to 0", minFree);
		}
		List<String> modes = mode.isEmpty() ? List.of("edit", "rw")
				: ("edit".equals(mode) || "rw".equals(mode)) ? List.of(mode) : List.of();
		List<Map<String, Object>> available = this.storageElements.stream()
			.filter((element) -> modes.stream().anyMatch((each) -> element.isAvailableFor(each, required)))
			.sorted(Comparator.comparingInt(StorageElement::priority))
			.map(StorageElement::describe)
			.toList();
		return json(HttpStatus.OK, Map.of("storage_elements", available, "total", available.size()));
	}

	private Mono<ServerResponse> storageElement(ServerRequest request, String role) {
		String elementId = request.pathVariable("elementId");
		return this.storageElements.stream()
			.filter((element) -> element.elementId().equals(elementId))
			.findFirst()
			.map((element) -> json(HttpStatus.OK, element.describe()))
			.orElseGet(() -> notFound(request));
	}

	private Mono<ServerResponse> registerFile(ServerRequest request, String role) {
		if (!isAdminOrUser(role)) {
			return insufficientPermissions();
		}
		return withJsonBody(request, (body) -> {
			BodyValidation validation = new BodyValidation(body);
			FileRegistration registration = FileRegistration.read(validation);
			if (registration == null) {
				return invalidBody(validation);
			}
			if (this.registryFailing) {
				return detail(HttpStatus.INTERNAL_SERVER_ERROR, "Failed to register file");
			}
			RegisteredFile file = new RegisteredFile(registration, this.clock.instant());
			if (this.registeredFiles.putIfAbsent(registration.fileId(), file) != null) {
				this.duplicateRegistrations.incrementAndGet();
				return detail(HttpStatus.BAD_REQUEST, "File with ID " + registration.fileId() + " already exists");
			}
			// kept, and then refused when the event the registry publishes needs more
			String refused = registration.eventProblems();
			return (refused != null) ? detail(HttpStatus.BAD_REQUEST, refused)
					: json(HttpStatus.CREATED, file.response());
		});
	}

	private Mono<ServerResponse> registeredFile(ServerRequest request, String role) {
		return withFileId(request, (id) -> {
			RegisteredFile file = this.registeredFiles.get(id);
			return (file != null) ? json(HttpStatus.OK, file.response()) : notFound(request);
		});
	}

	private Mono<ServerResponse> updateFile(ServerRequest request, String role) {
		if (!isAdminOrUser(role)) {
			return insufficientPermissions();
		}
		return withFileId(request, (id) -> withJsonBody(request, (body) -> {
			BodyValidation validation = new BodyValidation(body);
			FileUpdate update = FileUpdate.read(validation);
			if (update == null) {
				return invalidBody(validation);
			}
			RegisteredFile file = this.registeredFiles.get(id);
			if (file == null) {
				return notFound(request);
			}
			String refused = file.update(update, this.clock.instant());
			if (refused == null) {
				refused = file.registration().eventProblems();
			}
			return (refused != null) ? detail(HttpStatus.BAD_REQUEST, refused) : json(HttpStatus.OK, file.response());
		}));
	}

	/** The path's file id, or FastAPI's 422 for one that is not a UUID. */
	private static Mono<ServerResponse> withFileId(ServerRequest request,
			Function<UUID, Mono<ServerResponse>> handler) {
		String value = request.pathVariable("fileId");
		UUID id = PythonUuids.parse(value);
		return (id != null) ? handler.apply(id)
				: invalid("uuid_parsing", List.of("path", "file_id"), "Input should be a valid UUID", value);
	}

	/** The JSON object of the body, or FastAPI's 422 for a body that is none. */
	private static Mono<ServerResponse> withJsonBody(ServerRequest request,
			Function<Map<String, @Nullable Object>, Mono<ServerResponse>> handler) {
		return request.bodyToMono(String.class).defaultIfEmpty("").flatMap((text) -> {
			if (text.isBlank()) {
				return invalid("missing", List.of("body"), "Field required", null);
			}
			Object body;
			try {
				body = JSON.readValue(text, Object.class);
			}
			catch (JacksonException ex) {
				return invalid("json_invalid", List.of("body", 0), "JSON decode error", Map.of());
			}
			if (!(body instanceof Map<?, ?> fields)) {
				return invalid("model_attributes_type", List.of("body"),
						"Input should be a valid dictionary or object to extract fields from", body);
			}
			@SuppressWarnings("unchecked")
			Map<String, @Nullable Object> object = (Map<String, @Nullable Object>) fields;
			return handler.apply(object);
		});
	}

	/**
	 * The bearer authentication of the Admin Module: FastAPI's HTTPBearer (403 without a
	 * token, no challenge) and then a service account's valid access token (401 with a
	 * Bearer challenge).
	 */
	private HandlerFunction<ServerResponse> authenticated(Authenticated handler) {
		return (request) -> {
			String authorization = request.headers().firstHeader(HttpHeaders.AUTHORIZATION);
			String[] schemeAndCredentials = (authorization != null) ? authorization.split(" ", 2) : new String[0];
			if (schemeAndCredentials.length < 2 || schemeAndCredentials[0].isEmpty()
					|| schemeAndCredentials[1].isEmpty()) {
				return detail(HttpStatus.FORBIDDEN, "Not authenticated");
			}
			if (!"bearer".equalsIgnoreCase(schemeAndCredentials[0])) {
				return detail(HttpStatus.FORBIDDEN, "Invalid authentication credentials");
			}
			return this.decoder.decode(schemeAndCredentials[1]).flatMap((jwt) -> {
				String type = jwt.getClaimAsString("type");
				String clientId = jwt.getClaimAsString("client_id");
				if (!"service_account".equals(type) && !"access".equals(type)) {
					return unauthorized("Token validation failed: 401: Invalid authentication credentials");
				}
				if (clientId == null) {
					return unauthorized("Token does not contain client_id");
				}
				if (!this.clientSecrets.containsKey(clientId)) {
					return unauthorized("Service Account not found");
				}
				return handler.handle(request, String.valueOf(jwt.getClaimAsString("role")));
			})
				.onErrorResume(JwtException.class,
						(ex) -> unauthorized("Token validation failed: 401: Invalid authentication credentials"));
		};
	}

	private static boolean isAdminOrUser(String role) {
		return "admin".equalsIgnoreCase(role) || "user".equalsIgnoreCase(role);
	}

	private static Mono<ServerResponse> insufficientPermissions() {
		return detail(HttpStatus.FORBIDDEN, "Insufficient permissions. Required: ADMIN or USER role");
	}

	/**
	 * Every 404 of the Admin Module, an unknown route's as an unknown file's: its global
	 * handler answers them all alike, with the request's path.
	 */
	private static Mono<ServerResponse> notFound(ServerRequest request) {
		Map<String, Object> body = new LinkedHashMap<>();
		body.put("detail", "Resource not found");
		body.put("path", request.path());
		return json(HttpStatus.NOT_FOUND, body);
	}

	private static Mono<ServerResponse> unauthorized(String detail) {
		return detail(HttpStatus.UNAUTHORIZED, detail, HttpHeaders.WWW_AUTHENTICATE, "Bearer");
	}

	private static Mono<ServerResponse> invalidBody(BodyValidation validation) {
		return json(HttpStatus.UNPROCESSABLE_CONTENT, Map.of("detail", validation.errors()));
	}

	/** A handler of requests with a valid service account token. */
	@FunctionalInterface
	private interface Authenticated {

		Mono<ServerResponse> handle(ServerRequest request, String role);

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
