package io.artstore.ingester.benchmark;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import reactor.netty.DisposableServer;

import org.springframework.util.FileSystemUtils;

import io.artstore.ingester.support.ForkedIngester;
import io.artstore.ingester.support.IngesterTestProperties;
import io.artstore.ingester.support.TestTokens;
import io.artstore.reference.admin.ReferenceAdminModule;
import io.artstore.reference.storage.ReferenceStorageElement;

/**
 * The upload benchmark. It runs the ingester for real (forked JVMs, real PostgreSQL and
 * Redis, the reference storage element writing to disk, the reference Admin Module),
 * drives it with the JVM's own {@link LoadClient}, and writes a Markdown report:
 * throughput through the ingester against the same uploads sent straight to the storage
 * element, alternated; heap after GC at several upload sizes with a small heap; latency
 * and rate at two concurrency levels. Run it with {@code bash benchmarks/run};
 * {@code UploadBenchmarkSmokeTests} runs a small version in every build.
 */
public final class UploadBenchmark {

	private static final long MIB = 1024 * 1024;

	private static final String UPLOAD = "/api/v1/files/upload";

	private static final Pattern HEAP_USED = Pattern.compile("used (\\d+)K");

	private UploadBenchmark() {
	}

	/**
	 * Runs the full benchmark and writes {@code docs/benchmarks.md}.
	 * @param args optionally, the report's path
	 */
	public static void main(String[] args) {
		Path report = Path.of((args.length > 0) ? args[0] : "../docs/benchmarks.md");
		run(Settings.full(report));
		System.out.println("Benchmark report: " + report.toAbsolutePath().normalize());
		System.exit(0);
	}

	/**
	 * Runs a benchmark.
	 * @param settings what to measure
	 * @return the report, also written to {@link Settings#report()}
	 */
	static String run(Settings settings) {
		Path work = settings.workDir();
		FileSystemUtils.deleteRecursively(work.toFile());
		ReferenceStorageElement element = new ReferenceStorageElement(work.resolve("element"), "edit", Long.MAX_VALUE);
		DisposableServer elementServer = element.start(0);
		DisposableServer adminServer = ReferenceAdminModule.start(0);
		String elementUrl = ReferenceStorageElement.baseUrl(elementServer).toString();
		String token = TestTokens.trusted().token("benchmark", "user");
		Map<String, String> properties = ingesterProperties(elementUrl,
				ReferenceAdminModule.baseUrl(adminServer).toString());
		StringBuilder markdown = new StringBuilder(header(settings));
		try {
			String latency;
			try (ForkedIngester ingester = ForkedIngester.start(settings.heap(), properties,
					work.resolve("ingester.log"))) {
				warmUpForLargeUploads(settings, ingester, elementUrl, token);
				markdown.append(throughput(settings, ingester, elementUrl, token));
				warmUpForSmallUploads(settings, ingester, token);
				latency = latency(settings, ingester, elementUrl, token);
			}
			try (ForkedIngester small = ForkedIngester.start(settings.memoryHeap(), properties,
					work.resolve("ingester-small-heap.log"))) {
				markdown.append(memory(settings, small, token));
			}
			markdown.append(latency);
			markdown.append(failuresLogged(work.resolve("ingester.log"), work.resolve("ingester-small-heap.log")));
		}
		finally {
			elementServer.disposeNow();
			adminServer.disposeNow();
			FileSystemUtils.deleteRecursively(work.resolve("element").toFile());
		}
		write(settings.report(), markdown.toString());
		return markdown.toString();
	}

	static Map<String, String> ingesterProperties(String elementUrl, String adminUrl) {
		Map<String, String> properties = IngesterTestProperties.forkedWithStubs(0, 0);
		properties.keySet().removeIf((name) -> name.startsWith("spring.cloud.contract.stubrunner"));
		properties.put("ingester.admin.url", adminUrl);
		properties.put("ingester.admin.client-id", "artstore-contract-verifier");
		properties.put("ingester.admin.client-secret", "contract-verifier-secret");
		properties.put("ingester.admin.cache-key-prefix", properties.get("ingester.admin.cache-key-prefix") + "bench:");
		properties.put("ingester.storage.url-rewrites[0].from", "http://storage-element-01:8010");
		properties.put("ingester.storage.url-rewrites[0].to", elementUrl);
		properties.put("ingester.upload.max-file-size", "2GB");
		properties.put("logging.level.io.artstore.ingester.upload", "WARN");
		return properties;
	}

	/**
	 * Lets the JIT compile the streaming path before throughput is measured: a fresh JVM
	 * spends its first seconds compiling, on the same cores.
	 */
	private static void warmUpForLargeUploads(Settings settings, ForkedIngester ingester, String elementUrl,
			String token) {
		Path large = Payloads.multipart(settings.workDir(), settings.throughputBytes());
		LoadClient.run(elementUrl + UPLOAD, large, token, 2, 1);
		LoadClient.run(ingester.baseUrl() + UPLOAD, large, token, 2, 1);
	}

	/**
	 * Lets the JIT compile the per-request path before latency is measured: a fresh JVM
	 * spends its first thousands of requests compiling (C2 took 38 s of CPU in the first
	 * 2000 uploads here).
	 */
	private static void warmUpForSmallUploads(Settings settings, ForkedIngester ingester, String token) {
		Path small = Payloads.multipart(settings.workDir(), 10 * 1024);
		LoadClient.run(ingester.baseUrl() + UPLOAD, small, token, settings.warmupRequests(), 10);
	}

	private static String throughput(Settings settings, ForkedIngester ingester, String elementUrl, String token) {
		StringBuilder section = new StringBuilder("""

				## 1. Throughput: %s uploads, through the ingester and straight to the storage element

				%d rounds per layout, alternated (direct, then through the ingester), one upload at a time.
				*Separate cores*: the storage element and the load client (the benchmark's JVM) on CPU 1,
				the ingester on CPU 0, as if element and ingester ran on hosts of their own (`taskset`).
				*Shared cores*: every process on every core, so the ingester's work takes CPU away from the
				element's.

				| layout | path | median MiB/s | all rounds (MiB/s) |
				|---|---|---|---|
				""".formatted(size(settings.throughputBytes()), settings.throughputRounds()));
		StringBuilder ratios = new StringBuilder("\n");
		if (CpuPinning.available()) {
			String all = "0-" + (Runtime.getRuntime().availableProcessors() - 1);
			CpuPinning.pin(ProcessHandle.current().pid(), "1");
			CpuPinning.pin(ingester.pid(), "0");
			try {
				ratios.append(throughputRounds(settings, ingester, elementUrl, token, "separate cores", section));
			}
			finally {
				CpuPinning.pin(ProcessHandle.current().pid(), all);
				CpuPinning.pin(ingester.pid(), all);
			}
		}
		ratios.append(throughputRounds(settings, ingester, elementUrl, token, "shared cores", section));
		return section.append(ratios)
			.append("\nTarget: the ingester reaches at least 0.80 of direct throughput (goal 0.90).\n")
			.toString();
	}

	private static String throughputRounds(Settings settings, ForkedIngester ingester, String elementUrl, String token,
			String layout, StringBuilder table) {
		Path body = Payloads.multipart(settings.workDir(), settings.throughputBytes());
		List<Double> direct = new ArrayList<>();
		List<Double> through = new ArrayList<>();
		for (int round = 0; round < settings.throughputRounds(); round++) {
			direct
				.add(mibPerSecond(settings.throughputBytes(), LoadClient.run(elementUrl + UPLOAD, body, token, 1, 1)));
			through.add(mibPerSecond(settings.throughputBytes(),
					LoadClient.run(ingester.baseUrl() + UPLOAD, body, token, 1, 1)));
		}
		table.append("| %s | straight to the storage element | %.1f | %s |%n".formatted(layout, median(direct),
				list(direct)));
		table.append("| %s | through the ingester | %.1f | %s |%n".formatted(layout, median(through), list(through)));
		return "- %s: **ratio %.2f** of direct throughput%n".formatted(layout, median(through) / median(direct));
	}

	private static String latency(Settings settings, ForkedIngester ingester, String elementUrl, String token) {
		StringBuilder saturated = new StringBuilder(
				"""

						## 3. Latency and rate (ingester heap -Xmx%s)

						### At saturation: every client sends its next upload as soon as the last one is answered

						Each case runs straight to the storage element first, then through the ingester, so that
						what the element alone allows on this machine sits next to what the ingester adds. With
						clients that never pause, latency is clients / rate (Little's law): these rows measure the
						highest rate, and their latency is that of a queue.

						| file | clients | requests | ingester p50 ms | ingester p99 ms | ingester requests/s | element alone p50 / p99 ms | element alone requests/s | original p99 target | not 201 (ingester / element) |
						|---|---|---|---|---|---|---|---|---|---|
						"""
					.formatted(settings.heap()));
		StringBuilder paced = new StringBuilder(
				"""

						### At the original target rates: the clients together send the target rate, no more

						An open model: uploads start 1 / rate apart whatever the answers, as those of independent
						users do, over at most *clients* connections; an upload due while every connection is busy
						waits for one, and that wait counts in its latency (measured from when the upload was due).
						These rows measure the latency a client sees while the ingester serves the load the
						original team asked for; percentiles from every request's latency. A case runs only where
						the storage element alone reached the rate at saturation above.

						| file | clients | target requests/s | requests | ingester p50 ms | ingester p99 ms | ingester requests/s | element alone p50 / p99 ms | original p99 target | not 201 (ingester / element) |
						|---|---|---|---|---|---|---|---|---|---|
						""");
		for (LatencyCase latencyCase : settings.latencyCases()) {
			Path body = Payloads.multipart(settings.workDir(), latencyCase.bytes());
			for (Load load : settings.loads()) {
				int requests = Math.max(latencyCase.requests(), load.clients());
				LoadClient.Result direct = LoadClient.measure(elementUrl + UPLOAD, body, token, requests,
						load.clients());
				LoadClient.Result result = LoadClient.measure(ingester.baseUrl() + UPLOAD, body, token, requests,
						load.clients());
				saturated.append("| %s | %d | %d | %.1f | %.1f | %.1f | %.1f / %.1f | %.1f | %s | %d / %d |%n"
					.formatted(size(latencyCase.bytes()), load.clients(), requests, result.p50Seconds() * 1000,
							result.p99Seconds() * 1000, result.requestsPerSecond(), direct.p50Seconds() * 1000,
							direct.p99Seconds() * 1000, direct.requestsPerSecond(), latencyCase.target(),
							result.failed(), direct.failed()));
				if (direct.requestsPerSecond() < load.targetRate()) {
					paced.append(
							"| %s | %d | %d | - | not run: the element alone reached %.1f requests/s | | | | %s | |%n"
								.formatted(size(latencyCase.bytes()), load.clients(), load.targetRate(),
										direct.requestsPerSecond(), latencyCase.target()));
					continue;
				}
				int pacedRequests = Math.max(requests, load.targetRate() * settings.pacedSeconds());
				LoadClient.Result directPaced = LoadClient.runAtRate(elementUrl + UPLOAD, body, token, pacedRequests,
						load.clients(), load.targetRate());
				LoadClient.Result resultPaced = LoadClient.runAtRate(ingester.baseUrl() + UPLOAD, body, token,
						pacedRequests, load.clients(), load.targetRate());
				paced.append("| %s | %d | %d | %d | %.1f | %.1f | %.1f | %.1f / %.1f | %s | %d / %d |%n".formatted(
						size(latencyCase.bytes()), load.clients(), load.targetRate(), pacedRequests,
						resultPaced.p50Seconds() * 1000, resultPaced.p99Seconds() * 1000,
						resultPaced.requestsPerSecond(), directPaced.p50Seconds() * 1000,
						directPaced.p99Seconds() * 1000, latencyCase.target(), resultPaced.failed(),
						directPaced.failed()));
			}
		}
		return saturated.append("\nOriginal rate targets: more than 50 requests/s with 10 clients, 100 with 50.\n")
			.append(paced)
			.toString();
	}

	/**
	 * The warnings the ingesters logged about failed uploads, with their reasons: a
	 * benchmark reports failures rather than stopping at the first.
	 */
	private static String failuresLogged(Path... logs) {
		List<String> warnings = new ArrayList<>();
		for (Path log : logs) {
			try (Stream<String> lines = Files.lines(log)) {
				lines.filter((line) -> line.contains(" WARN ") && line.contains(" outcome=")).forEach(warnings::add);
			}
			catch (IOException ex) {
				throw new UncheckedIOException(ex);
			}
		}
		StringBuilder section = new StringBuilder("\n## Failed uploads\n\n");
		if (warnings.isEmpty()) {
			return section.append("The ingester logged no failed upload during the runs.\n").toString();
		}
		section.append("The ingester logged %d failed uploads during the runs; the first ones:%n%n"
			.formatted(warnings.size()));
		warnings.stream().limit(5).forEach((line) -> section.append("    ").append(line).append('\n'));
		return section.toString();
	}

	private static String memory(Settings settings, ForkedIngester ingester, String token) {
		StringBuilder table = new StringBuilder("""

				## 2. Memory: heap used after a full GC, ingester heap -Xmx%s

				| after uploading | upload time s | heap used after GC (MiB) | answer |
				|---|---|---|---|
				| nothing (started) | - | %.1f | |
				""".formatted(settings.memoryHeap(), heapAfterGc(ingester)));
		for (long bytes : settings.memorySizes()) {
			LoadClient.Result result = LoadClient.measure(ingester.baseUrl() + UPLOAD,
					Payloads.multipart(settings.workDir(), bytes), token, 1, 1);
			table.append("| %s | %.1f | %.1f | %s |%n".formatted(size(bytes), result.averageSeconds(),
					heapAfterGc(ingester), (result.failed() == 0) ? "201" : "failed, see below"));
		}
		return table.toString();
	}

	private static double heapAfterGc(ForkedIngester ingester) {
		jcmd(ingester, "GC.run");
		Matcher used = HEAP_USED.matcher(jcmd(ingester, "GC.heap_info"));
		if (!used.find()) {
			throw new IllegalStateException("No heap use in jcmd GC.heap_info");
		}
		return Long.parseLong(used.group(1)) / 1024.0;
	}

	private static String jcmd(ForkedIngester ingester, String command) {
		try {
			Process process = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "jcmd").toString(),
					String.valueOf(ingester.pid()), command)
				.redirectErrorStream(true)
				.start();
			String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
			process.waitFor();
			return output;
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new IllegalStateException(ex);
		}
	}

	private static String header(Settings settings) {
		return """
				# Upload benchmark

				- Date: %s
				- Machine: %s, %d cores, %s, Java %s
				- Command: `%s`
				- Set-up: the ingester in a forked JVM; the reference storage element (writes to disk) and the
				  reference Admin Module in the benchmark's JVM; PostgreSQL and Redis from the test services;
				  load from the benchmark's Reactor Netty client (`LoadClient`), all on loopback, on one
				  shared machine: compare figures within one run, not across runs.
				- Warm-up: two uploads of %s each way before the throughput rounds, %d uploads of
				  10 KiB (10 clients) before the latency runs, so that the figures are those of a JVM whose
				  hot paths are compiled.
				""".formatted(Instant.now().truncatedTo(ChronoUnit.SECONDS), hostname(),
				Runtime.getRuntime().availableProcessors(), cpuModel(), System.getProperty("java.version"),
				settings.command(), size(settings.throughputBytes()), settings.warmupRequests());
	}

	private static double mibPerSecond(long bytes, LoadClient.Result result) {
		return bytes / (double) MIB / result.averageSeconds();
	}

	private static double median(List<Double> values) {
		List<Double> sorted = values.stream().sorted().toList();
		int middle = sorted.size() / 2;
		return (sorted.size() % 2 == 1) ? sorted.get(middle) : (sorted.get(middle - 1) + sorted.get(middle)) / 2;
	}

	private static String list(List<Double> values) {
		return String.join(", ", values.stream().map((value) -> String.format(Locale.ROOT, "%.1f", value)).toList());
	}

	private static String size(long bytes) {
		if (bytes >= 1024 * MIB) {
			return (bytes / (1024 * MIB)) + " GiB";
		}
		if (bytes >= MIB) {
			return (bytes / MIB) + " MiB";
		}
		return (bytes / 1024) + " KiB";
	}

	private static String hostname() {
		try {
			return InetAddress.getLocalHost().getHostName();
		}
		catch (IOException ex) {
			return "unknown host";
		}
	}

	private static String cpuModel() {
		try (Stream<String> lines = Files.lines(Path.of("/proc/cpuinfo"))) {
			return lines.filter((line) -> line.startsWith("model name"))
				.map((line) -> line.substring(line.indexOf(':') + 1).strip())
				.findFirst()
				.orElse("unknown CPU");
		}
		catch (IOException ex) {
			return "unknown CPU";
		}
	}

	private static void write(Path report, String markdown) {
		try {
			Files.createDirectories(report.toAbsolutePath().getParent());
			Files.writeString(report, markdown);
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

	/**
	 * One latency measurement.
	 *
	 * @param bytes the file size
	 * @param requests requests per concurrency level
	 * @param target the original team's p99 target, for the table
	 */
	record LatencyCase(long bytes, int requests, String target) {
	}

	/**
	 * One load level of the latency measurements.
	 *
	 * @param clients concurrent clients
	 * @param targetRate the original team's rate target at this many clients, requests
	 * per second
	 */
	record Load(int clients, int targetRate) {
	}

	/**
	 * What a benchmark run measures.
	 *
	 * @param workDir where bodies, stored files and logs go
	 * @param report where the Markdown report goes
	 * @param command the command that produced the report, for the report
	 * @param heap the ingester's heap for throughput and latency
	 * @param throughputBytes the upload size for the throughput comparison
	 * @param throughputRounds how many direct/ingester pairs per layout
	 * @param warmupRequests how many small uploads warm the ingester up
	 * @param memoryHeap the ingester's heap for the memory measurement
	 * @param memorySizes the upload sizes after which heap use is measured
	 * @param latencyCases the latency measurements
	 * @param loads the load levels of each latency measurement
	 * @param pacedSeconds how long, at least, each run at a target rate lasts
	 */
	record Settings(Path workDir, Path report, String command, String heap, long throughputBytes, int throughputRounds,
			int warmupRequests, String memoryHeap, List<Long> memorySizes, List<LatencyCase> latencyCases,
			List<Load> loads, int pacedSeconds) {

		static Settings full(Path report) {
			return new Settings(Path.of("target", "benchmark"), report, "bash benchmarks/run", "512m", 256 * MIB, 5,
					8000, "128m", List.of(10 * MIB, 100 * MIB, 1024 * MIB),
					List.of(new LatencyCase(10 * 1024, 1000, "50 ms"), new LatencyCase(MIB, 300, "200 ms"),
							new LatencyCase(10 * MIB, 100, "500 ms")),
					List.of(new Load(10, 50), new Load(50, 100)), 10);
		}

		static Settings smoke(Path workDir) {
			return new Settings(workDir, workDir.resolve("benchmarks.md"), "UploadBenchmarkSmokeTests", "256m", MIB, 1,
					20, "128m", List.of(MIB, 2 * MIB), List.of(new LatencyCase(10 * 1024, 4, "50 ms")),
					List.of(new Load(2, 20)), 0);
		}

	}

}
