package io.artstore.ingester.support;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.UUID;

import org.testcontainers.DockerClientFactory;
import org.testcontainers.containers.GenericContainer;
import org.testcontainers.postgresql.PostgreSQLContainer;
import org.testcontainers.utility.DockerImageName;

/**
 * PostgreSQL and Redis for one test run. Where a Docker engine runs, Testcontainers
 * starts PostgreSQL 15 and Redis 7. Otherwise the local services are used (127.0.0.1:5432
 * and :6379, overridable with {@code ARTSTORE_TEST_PG_HOST},
 * {@code ARTSTORE_TEST_PG_PORT}, {@code ARTSTORE_TEST_PG_USER},
 * {@code ARTSTORE_TEST_PG_PASSWORD}, {@code ARTSTORE_TEST_REDIS_HOST} and
 * {@code ARTSTORE_TEST_REDIS_PORT}): each run gets a database of its own, dropped when
 * the JVM ends, and a Redis key prefix of its own.
 */
public final class TestServices {

	private static final String RUN = UUID.randomUUID().toString().replace("-", "").substring(0, 12);

	private static volatile TestServices instance;

	private final Database database;

	private final String redisHost;

	private final int redisPort;

	private TestServices(Database database, String redisHost, int redisPort) {
		this.database = database;
		this.redisHost = redisHost;
		this.redisPort = redisPort;
	}

	/** The services of this run, started or created on first use. */
	public static synchronized TestServices get() {
		if (instance == null) {
			String choice = env("ARTSTORE_TEST_SERVICES", "auto");
			boolean containers = switch (choice) {
				case "local" -> false;
				case "testcontainers" -> true;
				default -> dockerAvailable();
			};
			instance = containers ? fromContainers() : fromLocalServices();
		}
		return instance;
	}

	public Database database() {
		return this.database;
	}

	public String redisHost() {
		return this.redisHost;
	}

	public int redisPort() {
		return this.redisPort;
	}

	/** The Redis key prefix of this run. */
	public String redisKeyPrefix() {
		return "ingester-test-" + RUN + ":";
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
		return new TestServices(new Database(postgres.getHost(), postgres.getMappedPort(5432),
				postgres.getDatabaseName(), postgres.getUsername(), postgres.getPassword()), redis.getHost(),
				redis.getMappedPort(6379));
	}

	private static TestServices fromLocalServices() {
		String pgHost = env("ARTSTORE_TEST_PG_HOST", "127.0.0.1");
		int pgPort = Integer.parseInt(env("ARTSTORE_TEST_PG_PORT", "5432"));
		String user = env("ARTSTORE_TEST_PG_USER", "postgres");
		String password = env("ARTSTORE_TEST_PG_PASSWORD", "");
		String redisHost = env("ARTSTORE_TEST_REDIS_HOST", "127.0.0.1");
		int redisPort = Integer.parseInt(env("ARTSTORE_TEST_REDIS_PORT", "6379"));
		requireReachable("Redis", redisHost, redisPort);
		String name = "ingester_test_" + RUN;
		String adminUrl = "jdbc:postgresql://" + pgHost + ":" + pgPort + "/postgres";
		try (Connection connection = DriverManager.getConnection(adminUrl, user, password);
				Statement statement = connection.createStatement()) {
			statement.execute("CREATE DATABASE " + name);
		}
		catch (SQLException ex) {
			throw new IllegalStateException(unavailable("PostgreSQL", pgHost, pgPort) + " (" + ex.getMessage() + ")",
					ex);
		}
		Runtime.getRuntime().addShutdownHook(new Thread(() -> dropDatabase(adminUrl, user, password, name)));
		return new TestServices(new Database(pgHost, pgPort, name, user, password), redisHost, redisPort);
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

	private static void requireReachable(String service, String host, int port) {
		try (Socket socket = new Socket()) {
			socket.connect(new InetSocketAddress(host, port), 2000);
		}
		catch (IOException ex) {
			throw new IllegalStateException(unavailable(service, host, port), ex);
		}
	}

	private static String unavailable(String service, String host, int port) {
		return "No Docker engine for Testcontainers, and " + service + " is not reachable at " + host + ":" + port
				+ ". Start Docker, or start a local " + service + " (README.md, 'Troubleshooting'), "
				+ "or point the ARTSTORE_TEST_* environment variables at one.";
	}

	private static String env(String name, String fallback) {
		String value = System.getenv(name);
		return (value == null || value.isBlank()) ? fallback : value;
	}

	/**
	 * A PostgreSQL database.
	 *
	 * @param host the host
	 * @param port the port
	 * @param name the database name
	 * @param username the user
	 * @param password the password
	 */
	public record Database(String host, int port, String name, String username, String password) {

		public String jdbcUrl() {
			return "jdbc:postgresql://" + this.host + ":" + this.port + "/" + this.name;
		}

	}

}
