package io.artstore.ingester.support;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.springframework.test.util.TestSocketUtils;
import org.springframework.web.reactive.function.client.WebClient;

import io.artstore.ingester.IngesterApplication;

import static org.awaitility.Awaitility.await;

/**
 * An ingester in a JVM of its own, with a heap of a chosen size: for tests and benchmarks
 * that measure what the ingester's memory allows.
 */
public final class ForkedIngester implements AutoCloseable {

	private final Process process;

	private final int port;

	private final Path log;

	private ForkedIngester(Process process, int port, Path log) {
		this.process = process;
		this.port = port;
		this.log = log;
	}

	/**
	 * Starts an ingester and waits until it is ready.
	 * @param heap the {@code -Xmx} value, also used as the direct memory limit
	 * @param properties the ingester's properties
	 * @param log where its output goes
	 * @return the running ingester
	 */
	public static ForkedIngester start(String heap, Map<String, String> properties, Path log) {
		return start(heap, properties, log, System.getProperty("java.class.path"));
	}

	/**
	 * Starts an ingester from a class path of its own, such as another build's, and waits
	 * until it is ready.
	 * @param heap the {@code -Xmx} value, also used as the direct memory limit
	 * @param properties the ingester's properties
	 * @param log where its output goes
	 * @param classPath the class path of its JVM
	 * @return the running ingester
	 */
	public static ForkedIngester start(String heap, Map<String, String> properties, Path log, String classPath) {
		return start(
				List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-Xmx" + heap,
						"-XX:MaxDirectMemorySize=" + heap, "-cp", classPath, IngesterApplication.class.getName()),
				properties, log);
	}

	/**
	 * Starts an ingester with a command of its own, such as {@code java -jar} of a built
	 * jar with the JVM options under test, and waits until it is ready.
	 * @param launch the command up to the application's arguments
	 * @param properties the ingester's properties, appended as {@code --name=value}
	 * @param log where its output goes
	 * @return the running ingester
	 */
	public static ForkedIngester start(List<String> launch, Map<String, String> properties, Path log) {
		int port = TestSocketUtils.findAvailableTcpPort();
		List<String> command = new ArrayList<>(launch);
		command.add("--server.port=" + port);
		properties.forEach((name, value) -> command.add("--" + name + "=" + value));
		try {
			Files.createDirectories(log.toAbsolutePath().getParent());
			Process process = new ProcessBuilder(command).redirectErrorStream(true)
				.redirectOutput(log.toFile())
				.start();
			ForkedIngester ingester = new ForkedIngester(process, port, log);
			ingester.awaitReady();
			return ingester;
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

	public String baseUrl() {
		return "http://127.0.0.1:" + this.port;
	}

	public long pid() {
		return this.process.pid();
	}

	public boolean isAlive() {
		return this.process.isAlive();
	}

	private void awaitReady() {
		WebClient client = WebClient.create(baseUrl());
		await().atMost(Duration.ofSeconds(90)).pollInterval(Duration.ofMillis(250)).until(() -> {
			if (!this.process.isAlive()) {
				throw new IllegalStateException("The forked ingester stopped; see " + this.log);
			}
			return client.get()
				.uri("/actuator/health/readiness")
				.exchangeToMono(
						(response) -> response.releaseBody().thenReturn(response.statusCode().is2xxSuccessful()))
				.onErrorReturn(false)
				.block(Duration.ofSeconds(5));
		});
	}

	/**
	 * Runs a diagnostic command in the ingester's JVM ({@code jcmd}, from the JDK that
	 * runs the tests).
	 * @param command the command and its arguments, such as {@code GC.heap_info}
	 * @return what it printed
	 */
	public String jcmd(String... command) {
		List<String> line = new ArrayList<>(
				List.of(Path.of(System.getProperty("java.home"), "bin", "jcmd").toString(), String.valueOf(pid())));
		line.addAll(List.of(command));
		return Commands.run(line);
	}

	/**
	 * Kills the ingester's process at once ({@code SIGKILL} on Linux), as a crash or an
	 * out-of-memory kill does, and waits for it to end.
	 */
	public void kill() {
		this.process.destroyForcibly();
		try {
			this.process.waitFor();
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
		}
	}

	/**
	 * Asks the ingester to stop (SIGTERM), as an orchestrator does, without waiting.
	 */
	public void terminate() {
		this.process.destroy();
	}

	/**
	 * Waits for the ingester's process to end.
	 * @param timeout the longest wait
	 * @return whether it ended in time
	 */
	public boolean awaitExit(Duration timeout) throws InterruptedException {
		return this.process.waitFor(timeout.toMillis(), java.util.concurrent.TimeUnit.MILLISECONDS);
	}

	@Override
	public void close() {
		this.process.destroy();
		try {
			this.process.waitFor();
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
		}
	}

}
