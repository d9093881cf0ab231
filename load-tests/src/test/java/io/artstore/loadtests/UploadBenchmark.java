package io.artstore.loadtests;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import org.jspecify.annotations.Nullable;
import reactor.netty.DisposableServer;

import org.springframework.util.FileSystemUtils;

import io.artstore.ingester.support.ForkedIngester;
import io.artstore.ingester.support.IngesterTestProperties;
import io.artstore.reference.admin.ReferenceAdminModule;
import io.artstore.reference.storage.ReferenceStorageElement;

/**
 * The upload benchmark. It runs the ingester for real (forked JVMs, real PostgreSQL and
 * Redis, the reference storage element writing to disk, the reference Admin Module),
 * drives it with Gatling ({@link UploadSimulation}), and writes a Markdown report:
 * throughput through the ingester against the same uploads sent straight to the storage
 * element, alternated; heap after GC at several upload sizes with a small heap; latency
 * and rate at two concurrency levels. Run it with {@code bash benchmarks/run};
 * {@code UploadBenchmarkSmokeTests} runs a small version in every build.
 */
public final class UploadBenchmark {

	private static final long MIB = 1024 * 1024;

	private static final String UPLOAD = "/api/v1/files/upload";

	/**
	 * Where the work folder holds the extracted jar that the CDS and AOT launches run.
	 */
	private static final String EXTRACTED = "extracted";

	/**
	 * The use of one generation in {@code jcmd GC.heap_info} (the serial and the parallel
	 * collector), or of the whole heap (G1, whose line names what is reserved and
	 * committed on JDK 25).
	 */
	private static final Pattern HEAP_USED = Pattern
		.compile("total (?:reserved \\d+K, committed )?\\d+K, used (\\d+)K");

	private static final String REFERENCE = "reference element";

	private static final String SEPARATE_CORES = "separate cores";

	private static final String SHARED_CORES = "shared cores";

	private static final String SHARED_CORES_CURL = "shared cores, curl";

	private static final String DIRECT = "straight to the element";

	private static final String THROUGH = "through the ingester";

	private UploadBenchmark() {
	}

	/**
	 * Runs the full benchmark and writes {@code docs/benchmarks.md} and its charts.
	 * @param args optionally, the report's path, then storage elements that run outside
	 * this JVM, each as {@code name|base URL|pid} (underscores in the name stand for
	 * spaces)
	 */
	public static void main(String[] args) {
		Path report = Path.of((args.length > 0) ? args[0] : "../docs/benchmarks.md");
		Path jar = Path.of(System.getProperty("ingester.jar"));
		String jdk25 = System.getProperty("benchmark.jdk25", "");
		String baseline = System.getProperty("benchmark.baseline-jar", "");
		List<Element> external = new ArrayList<>();
		for (int i = 1; i < args.length; i++) {
			String[] element = args[i].split("\\|");
			external.add(new Element(element[0].replace('_', ' '), element[1], Long.parseLong(element[2])));
		}
		Path jdk = jdk25.isEmpty() ? null : Path.of(jdk25);
		Path before = baseline.isEmpty() ? null : Path.of(baseline);
		run(Boolean.getBoolean("benchmark.warm-up-only") ? Settings.warmUpOnly(report, jar, jdk, before)
				: Settings.full(report, jar, jdk, before), external);
		System.out.println("Benchmark report: " + report.toAbsolutePath().normalize());
		System.exit(0);
	}

	/**
	 * Runs a benchmark against the reference storage element only.
	 * @param settings what to measure
	 * @return the report, also written to {@link Settings#report()}
	 */
	static String run(Settings settings) {
		return run(settings, List.of());
	}

	/**
	 * Runs a benchmark: every throughput and latency measurement against the reference
	 * storage element and each external one, the memory measurement once.
	 * @param settings what to measure
	 * @param external storage elements that run outside this JVM
	 * @return the report, also written to {@link Settings#report()}
	 */
	static String run(Settings settings, List<Element> external) {
		Path work = settings.workDir();
		settings.prepare();
		FileSystemUtils.deleteRecursively(work.resolve("element").toFile());
		FileSystemUtils.deleteRecursively(work.resolve("gatling").toFile());
		ReferenceStorageElement reference = new ReferenceStorageElement(work.resolve("element"), "edit",
				Long.MAX_VALUE);
		DisposableServer elementServer = reference.start(0);
		DisposableServer adminServer = ReferenceAdminModule.start(0);
		String adminUrl = ReferenceAdminModule.baseUrl(adminServer).toString();
		List<Element> elements = new ArrayList<>();
		elements.add(new Element(REFERENCE, ReferenceStorageElement.baseUrl(elementServer).toString(),
				ProcessHandle.current().pid()));
		elements.addAll(external);
		Results results = new Results();
		List<Path> logs = new ArrayList<>();
		String memory;
		GatlingLoad.resultsIn(work.resolve("gatling"));
		try {
			for (Element element : elements) {
				// every way of starting against the reference element; the one the
				// README runs against the others too
				warmUp(settings, element,
						element.equals(elements.get(0)) ? settings.warmUpLaunches() : List.of(settings.launch()),
						adminUrl, results, logs);
			}
			for (Element element : settings.warmUpOnly() ? List.<Element>of() : elements) {
				Path log = work.resolve("ingester-" + element.slug() + ".log");
				logs.add(log);
				try (ForkedIngester ingester = settings.launch()
					.start(settings.heap(), ingesterProperties(element.url(), adminUrl), log)) {
					warmUpForLargeUploads(settings, ingester, element);
					throughput(settings, ingester, element, results);
					warmUpForSmallUploads(settings, ingester);
					latency(settings, ingester, element, results);
					loadCurve(settings, ingester, element, results);
				}
			}
			Comparison comparison = settings.comparison();
			for (Element element : (settings.warmUpOnly() || comparison == null) ? List.<Element>of() : elements) {
				beforeAndAfter(settings, comparison, element, adminUrl, results, logs);
			}
			memory = "";
			if (!settings.warmUpOnly()) {
				Path log = work.resolve("ingester-small-heap.log");
				logs.add(log);
				try (ForkedIngester small = settings.launch()
					.start(settings.memoryHeap(), ingesterProperties(elements.get(0).url(), adminUrl), log)) {
					memory = memory(settings, small);
				}
			}
		}
		finally {
			elementServer.disposeNow();
			adminServer.disposeNow();
			FileSystemUtils.deleteRecursively(work.resolve("element").toFile());
		}
		String markdown = header(settings, elements) + summary(settings, results) + results.warmUpSection(settings)
				+ (settings.warmUpOnly() ? ""
						: results.throughputSection(settings) + memory + results.latencySection(settings)
								+ results.curveSection(settings) + results.beforeAndAfterSection(settings)
								+ reports(settings, results))
				+ failuresLogged(logs.toArray(Path[]::new));
		write(settings.report(), markdown);
		return markdown;
	}

	static Map<String, String> ingesterProperties(String elementUrl, String adminUrl) {
		Map<String, String> properties = IngesterTestProperties.forkedWithStubs(0, 0);
		properties.keySet().removeIf((name) -> name.startsWith("spring.cloud.contract.stubrunner"));
		properties.put("ingester.admin.url", adminUrl);
		properties.put("ingester.admin.client-id", "artstore-contract-verifier");
		properties.put("ingester.admin.client-secret", "contract-verifier-secret");
		properties.put("ingester.admin.cache-key-prefix", properties.get("ingester.admin.cache-key-prefix") + "bench:");
		// as shipped: ECS JSON log lines
		properties.remove("LOG_FORMAT");
		properties.put("ingester.storage.url-rewrites[0].from", "http://storage-element-01:8010");
		properties.put("ingester.storage.url-rewrites[0].to", elementUrl);
		properties.put("ingester.upload.max-file-size", "2GB");
		return properties;
	}

	/**
	 * Lets the JIT compile the streaming path before throughput is measured: a fresh JVM
	 * spends its first seconds compiling, on the same cores.
	 */
	private static void warmUpForLargeUploads(Settings settings, ForkedIngester ingester, Element element) {
		Path large = Payloads.multipart(settings.workDir(), settings.throughputBytes());
		GatlingLoad.run(element.url() + UPLOAD, large, 2, 1).all201();
		GatlingLoad.run(ingester.baseUrl() + UPLOAD, large, 2, 1).all201();
	}

	/**
	 * Lets the JIT compile the per-request path before latency is measured: a fresh JVM
	 * spends its first thousands of requests compiling (C2 took 38 s of CPU in the first
	 * 2000 uploads here).
	 */
	private static void warmUpForSmallUploads(Settings settings, ForkedIngester ingester) {
		Path small = Payloads.multipart(settings.workDir(), 10 * 1024);
		GatlingLoad.run(ingester.baseUrl() + UPLOAD, small, settings.warmupRequests(), 50).all201();
	}

	/**
	 * Large uploads one at a time, alternated: straight to the element, then through the
	 * ingester. With {@code taskset}, first with the element (and the load client) on one
	 * core and the ingester on the other, then with every process on every core; then so
	 * again with curl as the client, which writes 64 KiB at a time where Gatling writes 8
	 * KiB.
	 */
	private static void throughput(Settings settings, ForkedIngester ingester, Element element, Results results) {
		if (CpuPinning.available()) {
			String all = "0-" + (Runtime.getRuntime().availableProcessors() - 1);
			CpuPinning.pin(ProcessHandle.current().pid(), "1");
			CpuPinning.pin(element.pid(), "1");
			CpuPinning.pin(ingester.pid(), "0");
			try {
				throughputRounds(settings, ingester, element, SEPARATE_CORES, LargeUploadClient.GATLING, results);
			}
			finally {
				CpuPinning.pin(ProcessHandle.current().pid(), all);
				CpuPinning.pin(element.pid(), all);
				CpuPinning.pin(ingester.pid(), all);
			}
		}
		throughputRounds(settings, ingester, element, SHARED_CORES, LargeUploadClient.GATLING, results);
		if (CurlUpload.available()) {
			throughputRounds(settings, ingester, element, SHARED_CORES_CURL, LargeUploadClient.CURL, results);
		}
	}

	private static void throughputRounds(Settings settings, ForkedIngester ingester, Element element, String layout,
			LargeUploadClient client, Results results) {
		Path body = Payloads.multipart(settings.workDir(), settings.throughputBytes());
		List<Double> direct = new ArrayList<>();
		List<Double> through = new ArrayList<>();
		double directCpu = 0;
		double throughCpu = 0;
		double ingesterCpu = 0;
		double ingesterKernel = 0;
		double ingesterCompiler = 0;
		for (int round = 0; round < settings.throughputRounds(); round++) {
			double cpu = ProcessCpu.seconds(element.pid());
			direct.add(mibPerSecond(settings.throughputBytes(), client.seconds(element.url() + UPLOAD, body)));
			directCpu += ProcessCpu.seconds(element.pid()) - cpu;
			cpu = ProcessCpu.seconds(element.pid());
			ProcessCpu.Usage ingesterBefore = ProcessCpu.usage(ingester.pid());
			double compilerBefore = ProcessCpu.compilerSeconds(ingester.pid());
			through.add(mibPerSecond(settings.throughputBytes(), client.seconds(ingester.baseUrl() + UPLOAD, body)));
			ProcessCpu.Usage ingesterAfter = ProcessCpu.usage(ingester.pid());
			ingesterCompiler += ProcessCpu.compilerSeconds(ingester.pid()) - compilerBefore;
			ingesterCpu += ingesterAfter.seconds() - ingesterBefore.seconds();
			ingesterKernel += ingesterAfter.systemSeconds() - ingesterBefore.systemSeconds();
			throughCpu += ProcessCpu.seconds(element.pid()) - cpu;
		}
		int rounds = settings.throughputRounds();
		results.throughput.add(new Throughput(element, layout, direct, through,
				element.separateProcess() ? directCpu / rounds : Double.NaN,
				element.separateProcess() ? throughCpu / rounds : Double.NaN,
				new IngesterCpu(ingesterCpu / rounds, ingesterKernel / rounds, ingesterCompiler / rounds)));
	}

	/**
	 * Each case at saturation (clients that never pause), straight to the element, then
	 * through the ingester, with the CPU each upload cost the ingester (and the element,
	 * where it runs in a process of its own); then at the original team's target rates.
	 */
	private static void latency(Settings settings, ForkedIngester ingester, Element element, Results results) {
		for (LatencyCase latencyCase : settings.latencyCases()) {
			Path body = Payloads.multipart(settings.workDir(), latencyCase.bytes());
			for (Load load : settings.loads()) {
				int requests = Math.max(latencyCase.requests(), load.clients());
				double elementCpu = element.separateProcess() ? ProcessCpu.seconds(element.pid()) : Double.NaN;
				GatlingLoad.Result direct = GatlingLoad.run(element.url() + UPLOAD, body, requests, load.clients());
				elementCpu = (ProcessCpu.seconds(element.pid()) - elementCpu) * 1000 / requests;
				double ingesterCpu = ProcessCpu.seconds(ingester.pid());
				GatlingLoad.Result through = GatlingLoad.run(ingester.baseUrl() + UPLOAD, body, requests,
						load.clients());
				ingesterCpu = (ProcessCpu.seconds(ingester.pid()) - ingesterCpu) * 1000 / requests;
				results.saturated
					.add(new Saturated(element, latencyCase, load, requests, direct, through, ingesterCpu, elementCpu));
				if (direct.requestsPerSecond() < load.targetRate()) {
					results.paced.add(new Paced(element, latencyCase, load, 0, null, null));
					continue;
				}
				int pacedRequests = Math.max(requests, load.targetRate() * settings.pacedSeconds());
				GatlingLoad.Result directPaced = GatlingLoad.runAtRate(element.url() + UPLOAD, body, pacedRequests,
						load.targetRate());
				GatlingLoad.Result throughPaced = GatlingLoad.runAtRate(ingester.baseUrl() + UPLOAD, body,
						pacedRequests, load.targetRate());
				results.paced.add(new Paced(element, latencyCase, load, pacedRequests, directPaced, throughPaced));
			}
		}
	}

	/**
	 * Small uploads at rising rates (open model), straight to the element and through the
	 * ingester: where latency starts to climb.
	 */
	private static void loadCurve(Settings settings, ForkedIngester ingester, Element element, Results results) {
		Path body = Payloads.multipart(settings.workDir(), 10 * 1024);
		for (int rate : settings.curveRates()) {
			int requests = rate * settings.curveSeconds();
			GatlingLoad.Result direct = GatlingLoad.runAtRate(element.url() + UPLOAD, body, requests, rate);
			GatlingLoad.Result through = GatlingLoad.runAtRate(ingester.baseUrl() + UPLOAD, body, requests, rate);
			results.curve.add(new CurvePoint(element, rate, requests, direct, through));
		}
	}

	/**
	 * Another build's ingester and this one, both running against the same element (the
	 * same ledger database; element list and token cached under keys of their own) and
	 * warmed up alike, then measured in alternated rounds (which goes first alternates
	 * too, an even number of rounds, so that each goes first as often): one upload of
	 * {@link Settings#throughputBytes()} straight to the element, then through each, with
	 * every process on every core; then 10 KiB uploads from 50 clients through each.
	 */
	private static void beforeAndAfter(Settings settings, Comparison comparison, Element element, String adminUrl,
			Results results, List<Path> logs) {
		IngesterLaunch before = comparison.before();
		Path large = Payloads.multipart(settings.workDir(), settings.throughputBytes());
		Path small = Payloads.multipart(settings.workDir(), 10 * 1024);
		Path beforeLog = settings.workDir().resolve("before-" + element.slug() + ".log");
		Path afterLog = settings.workDir().resolve("after-" + element.slug() + ".log");
		logs.add(beforeLog);
		logs.add(afterLog);
		Map<String, String> properties = ingesterProperties(element.url(), adminUrl);
		Map<String, String> beforeProperties = new LinkedHashMap<>(properties);
		beforeProperties.put("ingester.admin.cache-key-prefix",
				properties.get("ingester.admin.cache-key-prefix") + "before:");
		try (ForkedIngester beforeIngester = before.start(settings.heap(), beforeProperties, beforeLog);
				ForkedIngester afterIngester = settings.launch().start(settings.heap(), properties, afterLog)) {
			List<ForkedIngester> ingesters = List.of(beforeIngester, afterIngester);
			for (ForkedIngester ingester : ingesters) {
				warmUpForLargeUploads(settings, ingester, element);
				warmUpForSmallUploads(settings, ingester);
			}
			List<Double> direct = new ArrayList<>();
			Map<ForkedIngester, Side> sides = new LinkedHashMap<>();
			ingesters.forEach((ingester) -> sides.put(ingester, new Side()));
			for (int round = 0; round < comparison.largeRounds(); round++) {
				direct.add(mibPerSecond(settings.throughputBytes(),
						LargeUploadClient.GATLING.seconds(element.url() + UPLOAD, large)));
				for (ForkedIngester ingester : inTurn(ingesters, round)) {
					double cpu = ProcessCpu.seconds(ingester.pid());
					sides.get(ingester)
						.large()
						.add(mibPerSecond(settings.throughputBytes(),
								LargeUploadClient.GATLING.seconds(ingester.baseUrl() + UPLOAD, large)));
					sides.get(ingester).largeCpuSeconds().add(ProcessCpu.seconds(ingester.pid()) - cpu);
				}
			}
			int requests = comparison.smallUploads();
			for (int round = 0; round < comparison.smallRounds(); round++) {
				for (ForkedIngester ingester : inTurn(ingesters, round)) {
					double cpu = ProcessCpu.seconds(ingester.pid());
					GatlingLoad.Result result = GatlingLoad.run(ingester.baseUrl() + UPLOAD, small, requests, 50);
					sides.get(ingester)
						.smallCpuMillis()
						.add((ProcessCpu.seconds(ingester.pid()) - cpu) * 1000 / requests);
					sides.get(ingester).small().add(result);
				}
			}
			results.beforeAndAfter
				.add(new BeforeAndAfter(element, before, sides.get(beforeIngester), sides.get(afterIngester), direct));
		}
	}

	/**
	 * What takes turns in a round: in its order in even rounds, the other way in odd
	 * ones, so that with pairs of rounds each goes first as often.
	 */
	static <T> List<T> inTurn(List<T> turns, int round) {
		List<T> inTurn = new ArrayList<>(turns);
		if (round % 2 == 1) {
			Collections.reverse(inTurn);
		}
		return inTurn;
	}

	private static String summary(Settings settings, Results results) {
		StringBuilder section = new StringBuilder("""

				## Targets

				| target | element | measured | met |
				|---|---|---|---|
				""");
		for (WarmUp row : results.warmUp) {
			if (row.launch().equals(settings.launch())) {
				double first = row.averageOverFirst(2000, settings.warmUpBlock());
				section.append(
						"| ≤ 2 ms ingester CPU per upload over the first 2,000 after a start (%s) | %s | %.2f ms | %s |%n"
							.formatted(row.launch().name(), row.element().name(), first, met(first <= 2)));
			}
		}
		for (Saturated row : results.saturated) {
			if (row.latencyCase().bytes() == 10 * 1024 && row.load().clients() == 50) {
				section.append("| ≥ 1,000 uploads/s of 10 KiB from 50 clients | %s | %.0f/s | %s |%n".formatted(
						row.element().name(), row.through().requestsPerSecond(),
						met(row.through().requestsPerSecond() >= 1000)));
				section.append("| ≤ 1.0 ms ingester CPU per 10 KiB upload, log line on | %s | %.2f ms | %s |%n"
					.formatted(row.element().name(), row.ingesterCpuMillis(), met(row.ingesterCpuMillis() <= 1.0)));
			}
		}
		for (Paced row : results.paced) {
			if (row.latencyCase().bytes() == 10 * 1024 && row.load().targetRate() == 100 && row.through() != null) {
				double p99 = row.through().p99Millis();
				section.append("| p99 < 20 ms for 10 KiB at 100/s | %s | %.0f ms | %s |%n"
					.formatted(row.element().name(), p99, met(p99 < 20)));
			}
		}
		for (Throughput throughput : results.throughput) {
			double ratio = throughput.ratio();
			double goal = throughput.layout().equals(SEPARATE_CORES) ? 0.9 : 0.8;
			section.append("| %s through / straight ≥ %.1f (%s) | %s | %.2f | %s |%n".formatted(
					size(settings.throughputBytes()), goal, throughput.layout(), throughput.element().name(), ratio,
					met(ratio >= goal)));
			double toQuarterGib = 256 * MIB / (double) settings.throughputBytes();
			IngesterCpu cpu = throughput.ingesterCpu();
			section.append(
					"| ≤ 0.4 s ingester CPU per 256 MiB (%s) | %s | %.2f s (kernel %.2f s, JIT compiler %.2f s) | %s |%n"
						.formatted(throughput.layout(), throughput.element().name(), cpu.seconds() * toQuarterGib,
								cpu.kernelSeconds() * toQuarterGib, cpu.compilerSeconds() * toQuarterGib,
								met(cpu.seconds() * toQuarterGib <= 0.4)));
		}
		return section.toString();
	}

	private static String met(boolean met) {
		return met ? "yes" : "**no**";
	}

	/**
	 * Links Gatling's HTML report of each run at saturation and of each point of the
	 * latency curve: its charts are the picture of the run.
	 */
	private static String reports(Settings settings, Results results) {
		Path folder = settings.report().toAbsolutePath().getParent();
		StringBuilder section = new StringBuilder("""

				## Gatling reports

				Gatling writes an HTML report per run (response times over time, percentiles, rate); a run
				of `benchmarks/run` leaves them in `target/benchmark/gatling/`. Those of this report:

				""");
		for (Saturated row : results.saturated) {
			section.append("- %s, %s from %d clients: [straight to the element](%s), [through the ingester](%s)%n"
				.formatted(row.element().name(), size(row.latencyCase().bytes()), row.load().clients(),
						link(folder, row.direct()), link(folder, row.through())));
		}
		for (CurvePoint point : results.curve) {
			section.append("- %s, 10 KiB at %d/s: [straight to the element](%s), [through the ingester](%s)%n"
				.formatted(point.element().name(), point.rate(), link(folder, point.direct()),
						link(folder, point.through())));
		}
		for (BeforeAndAfter row : results.beforeAndAfter) {
			section.append("- %s, before and after, 10 KiB from 50 clients, last round: [%s](%s), [this build](%s)%n"
				.formatted(row.element().name(), row.launch().name(), link(folder, last(row.before().small())),
						link(folder, last(row.after().small()))));
		}
		return section.toString();
	}

	private static <T> T last(List<T> values) {
		return values.get(values.size() - 1);
	}

	private static String link(Path folder, GatlingLoad.Result result) {
		return folder.relativize(result.report().toAbsolutePath()).resolve("index.html").toString();
	}

	/**
	 * The warm-up curve: each way of starting the ingester, in a JVM of its own, after
	 * its training run if it has one, serves 10 KiB uploads from 50 clients from its
	 * first upload on; the CPU it spent to be ready, then for each block of uploads.
	 */
	private static void warmUp(Settings settings, Element element, List<IngesterLaunch> launches, String adminUrl,
			Results results, List<Path> logs) {
		Path body = Payloads.multipart(settings.workDir(), 10 * 1024);
		for (IngesterLaunch launch : launches) {
			Map<String, String> properties = ingesterProperties(element.url(), adminUrl);
			String slug = launch.name().toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9]+", "-") + "-" + element.slug();
			launch.train(settings.heap(), properties, settings.workDir().resolve("training-" + slug + ".log"),
					(ingester) -> GatlingLoad.run(ingester.baseUrl() + UPLOAD, body, settings.trainingUploads(), 50));
			Path log = settings.workDir().resolve("warm-up-" + slug + ".log");
			logs.add(log);
			long started = System.nanoTime();
			try (ForkedIngester ingester = launch.start(settings.heap(), properties, log)) {
				double readySeconds = (System.nanoTime() - started) / 1e9;
				double cpuAtReady = ProcessCpu.seconds(ingester.pid());
				List<Double> millisPerUpload = new ArrayList<>();
				List<Double> compilerMillisPerUpload = new ArrayList<>();
				List<Double> rates = new ArrayList<>();
				int failed = 0;
				// each block's end is the next one's start
				double before = cpuAtReady;
				double compilerBefore = ProcessCpu.compilerSeconds(ingester.pid());
				for (int block = 0; block < settings.warmUpBlocks(); block++) {
					GatlingLoad.Result result = GatlingLoad.run(ingester.baseUrl() + UPLOAD, body,
							settings.warmUpBlock(), 50);
					double after = ProcessCpu.seconds(ingester.pid());
					double compilerAfter = ProcessCpu.compilerSeconds(ingester.pid());
					millisPerUpload.add((after - before) * 1000 / settings.warmUpBlock());
					compilerMillisPerUpload.add((compilerAfter - compilerBefore) * 1000 / settings.warmUpBlock());
					before = after;
					compilerBefore = compilerAfter;
					rates.add(result.requestsPerSecond());
					failed += result.failed();
				}
				results.warmUp.add(new WarmUp(element, launch, readySeconds, cpuAtReady, millisPerUpload,
						compilerMillisPerUpload, rates, failed));
			}
		}
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

	private static String memory(Settings settings, ForkedIngester ingester) {
		StringBuilder table = new StringBuilder("""

				## 2. Memory: heap used after a full GC, ingester heap -Xmx%s, reference element

				| after uploading | upload time s | heap used after GC (MiB) | answer |
				|---|---|---|---|
				| nothing (started) | - | %.1f | |
				""".formatted(settings.memoryHeap(), heapAfterGc(ingester)));
		for (long bytes : settings.memorySizes()) {
			GatlingLoad.Result result = GatlingLoad.run(ingester.baseUrl() + UPLOAD,
					Payloads.multipart(settings.workDir(), bytes), 1, 1);
			table.append("| %s | %.1f | %.1f | %s |%n".formatted(size(bytes), result.averageSeconds(),
					heapAfterGc(ingester), (result.failed() == 0) ? "201" : "failed, see below"));
		}
		return table.toString();
	}

	private static double heapAfterGc(ForkedIngester ingester) {
		ingester.jcmd("GC.run");
		return heapUsedKib(ingester.jcmd("GC.heap_info")) / 1024.0;
	}

	/**
	 * The heap in use, from {@code jcmd GC.heap_info}: the sum over the generations where
	 * the collector has them (the young one is nearly empty after a full GC; the old one
	 * holds what lives on), else the whole heap's.
	 */
	static long heapUsedKib(String heapInfo) {
		Matcher used = HEAP_USED.matcher(heapInfo);
		long kib = 0;
		boolean found = false;
		while (used.find()) {
			kib += Long.parseLong(used.group(1));
			found = true;
		}
		if (!found) {
			throw new IllegalStateException("No heap use in jcmd GC.heap_info: " + heapInfo);
		}
		return kib;
	}

	private static String header(Settings settings, List<Element> elements) {
		StringBuilder list = new StringBuilder();
		for (Element element : elements) {
			list.append("  - **").append(element.name()).append("**: ").append(element.description()).append('\n');
		}
		return """
				# Upload benchmark

				- Date: %s
				- Machine: %s, %d cores, %s, Java %s
				- Command: `%s`
				- Storage elements, each measured with its own ingester:
				%s- Set-up: each ingester in a JVM of its own, started from its jar (`%s`); the
				  reference Admin Module and the load client (Gatling, `UploadSimulation`, one connection
				  pool shared by its users) in the benchmark's JVM;
				  PostgreSQL and Redis from the test services; all on loopback, on one shared machine:
				  compare figures within one run (each beside the same upload sent straight to the same
				  element), not across runs.
				- Except in section 0, warmed up: two uploads of %s each way before the throughput rounds,
				  %d uploads of 10 KiB (50 clients) before the latency runs, so that the figures are those
				  of a JVM whose hot paths are compiled. Section 0 measures the start.
				""".formatted(Instant.now().truncatedTo(ChronoUnit.SECONDS), hostname(),
				Runtime.getRuntime().availableProcessors(), cpuModel(), System.getProperty("java.version"),
				settings.command(), list, settings.launch().name(), size(settings.throughputBytes()),
				settings.warmupRequests());
	}

	private static String seconds(double seconds) {
		return Double.isNaN(seconds) ? "-" : String.format(Locale.ROOT, "%.2f", seconds);
	}

	private static double mibPerSecond(long bytes, double seconds) {
		return bytes / (double) MIB / seconds;
	}

	private static double average(List<Double> values) {
		return values.stream().mapToDouble(Double::doubleValue).average().orElse(Double.NaN);
	}

	private static double median(List<Double> values) {
		List<Double> sorted = values.stream().sorted().toList();
		int middle = sorted.size() / 2;
		return (sorted.size() % 2 == 1) ? sorted.get(middle) : (sorted.get(middle - 1) + sorted.get(middle)) / 2;
	}

	private static String list(List<Double> values) {
		return joined(values, "%.1f");
	}

	/** Numbers in a format, comma-separated. */
	static String joined(List<Double> values, String format) {
		return String.join(", ", values.stream().map((value) -> String.format(Locale.ROOT, format, value)).toList());
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

	private static void write(Path file, String content) {
		try {
			Files.createDirectories(file.toAbsolutePath().getParent());
			Files.writeString(file, content);
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
	 * A storage element under test.
	 *
	 * @param name its name in the report
	 * @param url its base URL
	 * @param pid the process that serves it: this JVM for the reference element
	 */
	record Element(String name, String url, long pid) {

		/** The name without "element", for chart labels. */
		String shortName() {
			return this.name.replace(" element", "");
		}

		String slug() {
			return this.name.toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9]+", "-");
		}

		boolean separateProcess() {
			return this.pid != ProcessHandle.current().pid();
		}

		String description() {
			return this.name.equals(REFERENCE)
					? "the project's own, in the benchmark's JVM (Java, Reactor Netty, Spring's multipart reader, "
							+ "writes to disk with SHA-256)"
					: this.name.startsWith("Python")
							? "benchmarks/stand-ins/storage_element.py, written the way artStore's element is "
									+ "(Python 3.11, uvicorn + Starlette + python-multipart, streams to disk with "
									+ "SHA-256), a process of its own"
							: "outside this JVM, at " + this.url + " (process " + this.pid + ")";
		}

	}

	/**
	 * The rounds of large uploads against one element, in one layout, with the element's
	 * CPU seconds per upload each way where it is a process of its own (else NaN): how
	 * the ingester frames what it sends shows in the element's CPU.
	 */
	record Throughput(Element element, String layout, List<Double> direct, List<Double> through,
			double elementCpuDirect, double elementCpuThrough, IngesterCpu ingesterCpu) {

		double ratio() {
			return median(this.through) / median(this.direct);
		}

	}

	/**
	 * The ingester's CPU seconds per large upload, and the parts of it spent in the
	 * kernel by all its threads (reading the upload, writing it to the element, waking
	 * its event loops) and by its JIT compiler threads (what the rounds still compiled,
	 * user and system time): the rest is the upload's own work in user space, garbage
	 * collection included.
	 *
	 * @param seconds user and system time
	 * @param kernelSeconds system time
	 * @param compilerSeconds time of the compiler threads
	 */
	record IngesterCpu(double seconds, double kernelSeconds, double compilerSeconds) {
	}

	/**
	 * One saturation run, each way, with the CPU per upload of the ingester and, where it
	 * is a process of its own, of the element (milliseconds; NaN when not measured).
	 */
	record Saturated(Element element, LatencyCase latencyCase, Load load, int requests, GatlingLoad.Result direct,
			GatlingLoad.Result through, double ingesterCpuMillis, double elementCpuMillis) {
	}

	/**
	 * One run at a target rate, each way; without results when the element was too slow.
	 */
	record Paced(Element element, LatencyCase latencyCase, Load load, int requests, GatlingLoad.@Nullable Result direct,
			GatlingLoad.@Nullable Result through) {
	}

	/**
	 * One warm-up curve: the seconds until ready, the CPU seconds spent by then, and per
	 * block of uploads the CPU milliseconds per upload and the rate.
	 */
	record WarmUp(Element element, IngesterLaunch launch, double readySeconds, double cpuAtReady,
			List<Double> millisPerUpload, List<Double> compilerMillisPerUpload, List<Double> rates, int failed) {

		/** The average CPU per upload over the first {@code uploads}. */
		double averageOverFirst(int uploads, int block) {
			return average(this.millisPerUpload, uploads, block);
		}

		/** The average JIT compiler CPU per upload over the first {@code uploads}. */
		double compilerOverFirst(int uploads, int block) {
			return average(this.compilerMillisPerUpload, uploads, block);
		}

		private static double average(List<Double> values, int uploads, int block) {
			int blocks = Math.max(1, Math.min(values.size(), uploads / block));
			return values.subList(0, blocks).stream().mapToDouble(Double::doubleValue).average().orElse(0);
		}

	}

	/**
	 * Another build's ingester beside this one against one element: the large uploads
	 * straight to the element in the same rounds, and what each ingester measured.
	 */
	record BeforeAndAfter(Element element, IngesterLaunch launch, Side before, Side after, List<Double> direct) {
	}

	/**
	 * What one ingester of a before-and-after comparison measured, round by round: the
	 * large uploads' MiB/s and its CPU seconds for each, the runs of small uploads and
	 * its CPU milliseconds per upload in each.
	 */
	record Side(List<Double> large, List<Double> largeCpuSeconds, List<GatlingLoad.Result> small,
			List<Double> smallCpuMillis) {

		Side() {
			this(new ArrayList<>(), new ArrayList<>(), new ArrayList<>(), new ArrayList<>());
		}

		int smallFailed() {
			return this.small.stream().mapToInt(GatlingLoad.Result::failed).sum();
		}

		List<Double> smallRates() {
			return this.small.stream().map(GatlingLoad.Result::requestsPerSecond).toList();
		}

		List<Double> smallP99Millis() {
			return this.small.stream().map((result) -> result.p99Seconds() * 1000).toList();
		}

	}

	/** One point of the latency curve, each way. */
	record CurvePoint(Element element, int rate, int requests, GatlingLoad.Result direct, GatlingLoad.Result through) {
	}

	/** What a run measured, and its tables. */
	static final class Results {

		final List<Throughput> throughput = new ArrayList<>();

		final List<Saturated> saturated = new ArrayList<>();

		final List<Paced> paced = new ArrayList<>();

		final List<CurvePoint> curve = new ArrayList<>();

		final List<WarmUp> warmUp = new ArrayList<>();

		final List<BeforeAndAfter> beforeAndAfter = new ArrayList<>();

		String warmUpSection(Settings settings) {
			StringBuilder section = new StringBuilder("""

					## 0. Warm-up: the first uploads after a start

					Each way of starting the ingester in a fresh JVM (heap -Xmx%s), after its training run if
					it has one (%d uploads, then SIGTERM, when the JVM writes its archive), serves 10 KiB
					uploads from 50 clients from its first upload on, in blocks of %d; the ingester's CPU
					(user and system, `/proc/<pid>/stat`) per upload in each block, with the upload log line
					on as shipped. *Ready*: from the process start until `/actuator/health/readiness`
					answers, and the CPU spent by then.

					""".formatted(settings.heap(), settings.trainingUploads(), settings.warmUpBlock()));
			StringBuilder header = new StringBuilder("| element | start | ready s | CPU at ready s |");
			StringBuilder rule = new StringBuilder("|---|---|---|---|");
			for (int block = 1; block <= settings.warmUpBlocks(); block++) {
				header.append(" ms/upload, uploads %d-%d |".formatted((block - 1) * settings.warmUpBlock() + 1,
						block * settings.warmUpBlock()));
				rule.append("---|");
			}
			section.append(header)
				.append(" first 2,000: ms/upload | of which JIT compiler | last block: JIT compiler | uploads/s per block | not 201 |\n");
			section.append(rule).append("---|---|---|---|---|\n");
			for (WarmUp row : this.warmUp) {
				section.append("| %s | %s | %.1f | %.1f |".formatted(row.element().name(), row.launch().name(),
						row.readySeconds(), row.cpuAtReady()));
				row.millisPerUpload().forEach((ms) -> section.append(" %.2f |".formatted(ms)));
				section.append(" %.2f | %.2f | %.2f | %s | %d |%n".formatted(
						row.averageOverFirst(2000, settings.warmUpBlock()),
						row.compilerOverFirst(2000, settings.warmUpBlock()),
						row.compilerMillisPerUpload().get(row.compilerMillisPerUpload().size() - 1),
						joined(row.rates(), "%.0f"), row.failed()));
			}
			section.append("\nOptions of each start:\n\n");
			for (IngesterLaunch launch : settings.warmUpLaunches()) {
				section.append("- %s: `%s`%s%n".formatted(launch.name(),
						String.join(" ", launch.command(settings.heap(), launch.options())),
						launch.trained() ? "; training run: `" + String.join(" ", launch.training()) + "`" : ""));
			}
			return section.toString();
		}

		String throughputSection(Settings settings) {
			StringBuilder section = new StringBuilder(
					"""

							## 1. Throughput: %s uploads, through the ingester and straight to the storage element

							%d rounds per element and layout, alternated (direct, then through the ingester), one
							upload at a time. *Separate cores*: the storage element and the load client on CPU 1, the
							ingester on CPU 0, as if element and ingester ran on hosts of their own (`taskset`).
							*Shared cores*: every process on every core, so the ingester's work takes CPU away from
							the element's. *Shared cores, curl*: so again, with curl as the client (`curl -T`, a
							`Content-Length`, 64 KiB writes, as `curl -F` and Python's `requests` send a file) where
							Gatling writes 8 KiB at a time. The element's CPU per upload (user and system time, `/proc/<pid>/stat`) is
							measured where it is a process of its own: what it costs the element to take the same
							file from the load client or from the ingester.

							The ingester's CPU per upload is split into the kernel time of all its threads (its
							sockets, the wake-ups of its event loops) and the time of its JIT compiler threads (a
							little of which is kernel time too); what is left is the upload's own work in user space
							(parse, SHA-256, frames, Reactor), garbage collection included.

							| element | layout | path | median MiB/s | all rounds (MiB/s) | element CPU s per upload | ingester CPU s per upload | of which kernel | of which JIT compiler |
							|---|---|---|---|---|---|---|---|---|
							"""
						.formatted(size(settings.throughputBytes()), settings.throughputRounds()));
			StringBuilder ratios = new StringBuilder("\n");
			for (Throughput row : this.throughput) {
				section.append(
						"| %s | %s | %s | %.1f | %s | %s | - | - | - |%n".formatted(row.element().name(), row.layout(),
								DIRECT, median(row.direct()), list(row.direct()), seconds(row.elementCpuDirect())));
				IngesterCpu cpu = row.ingesterCpu();
				section.append("| %s | %s | %s | %.1f | %s | %s | %.2f | %.2f | %.2f |%n".formatted(
						row.element().name(), row.layout(), THROUGH, median(row.through()), list(row.through()),
						seconds(row.elementCpuThrough()), cpu.seconds(), cpu.kernelSeconds(), cpu.compilerSeconds()));
				ratios.append("- %s, %s: **ratio %.2f** of direct throughput%n".formatted(row.element().name(),
						row.layout(), row.ratio()));
			}
			return section.append(ratios)
				.append("\nTargets: at least 0.80 of direct throughput on shared cores, 0.90 on separate ones; "
						+ "at most 0.4 s ingester CPU per 256 MiB.\n")
				.toString();
		}

		String latencySection(Settings settings) {
			StringBuilder section = new StringBuilder(
					"""

							## 3. Latency and rate (ingester heap -Xmx%s)

							### At saturation: every client sends its next upload as soon as the last one is answered

							Each case runs straight to the storage element first, then through the ingester, so that
							what the element alone allows on this machine sits next to what the ingester adds. With
							clients that never pause, latency is clients / rate (Little's law): these rows measure the
							highest rate, and their latency is that of a queue. CPU per upload: user and system time
							of the process over the run (`/proc/<pid>/stat`), divided by its uploads; the reference
							element shares its JVM with the load client, so its own is not told apart.

							| element | file | clients | requests | ingester p50 / p99 ms | ingester requests/s | ingester CPU ms/upload | element alone p50 / p99 ms | element alone requests/s | element CPU ms/upload | original p99 target | not 201 (ingester / element) |
							|---|---|---|---|---|---|---|---|---|---|---|---|
							"""
						.formatted(settings.heap()));
			for (Saturated row : this.saturated) {
				section.append(
						"| %s | %s | %d | %d | %.1f / %.1f | %.1f | %.2f | %.1f / %.1f | %.1f | %s | %s | %d / %d |%n"
							.formatted(row.element().name(), size(row.latencyCase().bytes()), row.load().clients(),
									row.requests(), row.through().p50Seconds() * 1000,
									row.through().p99Seconds() * 1000, row.through().requestsPerSecond(),
									row.ingesterCpuMillis(), row.direct().p50Seconds() * 1000,
									row.direct().p99Seconds() * 1000, row.direct().requestsPerSecond(),
									Double.isNaN(row.elementCpuMillis()) ? "-"
											: "%.2f".formatted(row.elementCpuMillis()),
									row.latencyCase().target(), row.through().failed(), row.direct().failed()));
			}
			section
				.append("""

						Original rate targets: more than 50 requests/s with 10 clients, 100 with 50.

						### At the original target rates: the target rate, no more

						An open model: uploads start 1 / rate apart whatever the answers, as those of independent
						users do; Gatling opens connections as they are needed (one pool shared by its users, no
						limit), so that no upload waits for a connection, and each latency runs from the upload's
						start to its answer. These rows measure the latency a client sees while the ingester serves
						the load the original team asked for; percentiles from every request's latency. A case runs
						only where the storage element alone reached the rate at saturation above.

						| element | file | target requests/s | requests | ingester p50 ms | ingester p99 ms | ingester requests/s | element alone p50 / p99 ms | original p99 target | not 201 (ingester / element) |
						|---|---|---|---|---|---|---|---|---|---|
						""");
			for (Paced row : this.paced) {
				GatlingLoad.Result direct = row.direct();
				GatlingLoad.Result through = row.through();
				if (direct == null || through == null) {
					section.append(
							"| %s | %s | %d | - | not run: the element alone did not reach the rate | | | | %s | |%n"
								.formatted(row.element().name(), size(row.latencyCase().bytes()),
										row.load().targetRate(), row.latencyCase().target()));
					continue;
				}
				section.append("| %s | %s | %d | %d | %.1f | %.1f | %.1f | %.1f / %.1f | %s | %d / %d |%n".formatted(
						row.element().name(), size(row.latencyCase().bytes()), row.load().targetRate(), row.requests(),
						through.p50Seconds() * 1000, through.p99Seconds() * 1000, through.requestsPerSecond(),
						direct.p50Seconds() * 1000, direct.p99Seconds() * 1000, row.latencyCase().target(),
						through.failed(), direct.failed()));
			}
			return section.toString();
		}

		String beforeAndAfterSection(Settings settings) {
			Comparison comparison = settings.comparison();
			if (this.beforeAndAfter.isEmpty() || comparison == null) {
				return "";
			}
			StringBuilder section = new StringBuilder(
					"""

							## 4. Before and after: another build's ingester beside this one

							Both ingesters run at once against the same element, each warmed up as above (two
							uploads of %s, %d uploads of 10 KiB), then measured in alternated rounds, which of the
							two goes first alternating too: %d rounds of one %s upload straight to the element,
							then through each ingester (every process on every core, Gatling); then %d rounds of
							%d uploads of 10 KiB from 50 clients through each. CPU: user and system time of the
							ingester's process over its uploads (`/proc/<pid>/stat`), averaged over the rounds.
							Each runs as it was shipped: the other build with the JVM's defaults, this one with
							the README's options, so that the collector is part of the difference.

							| element | ingester | %s: median MiB/s (rounds) | through / straight | CPU s per upload | 10 KiB from 50 clients: uploads/s (rounds) | CPU ms per upload | p99 ms (rounds) | not 201 |
							|---|---|---|---|---|---|---|---|---|
							"""
						.formatted(size(settings.throughputBytes()), settings.warmupRequests(),
								comparison.largeRounds(), size(settings.throughputBytes()), comparison.smallRounds(),
								comparison.smallUploads(), size(settings.throughputBytes())));
			for (BeforeAndAfter row : this.beforeAndAfter) {
				section.append("| %s | straight to the element | %.1f (%s) | | | | | | |%n"
					.formatted(row.element().name(), median(row.direct()), list(row.direct())));
				section.append(sideRow(row, row.launch().name(), row.before()));
				section.append(sideRow(row, settings.launch().name() + ", this build", row.after()));
			}
			return section.toString();
		}

		private static String sideRow(BeforeAndAfter row, String ingester, Side side) {
			return "| %s | %s | %.1f (%s) | %.2f | %.2f | %.0f (%s) | %.2f | %s | %d |%n".formatted(
					row.element().name(), ingester, median(side.large()), list(side.large()),
					median(side.large()) / median(row.direct()), average(side.largeCpuSeconds()),
					average(side.smallRates()), joined(side.smallRates(), "%.0f"), average(side.smallCpuMillis()),
					joined(side.smallP99Millis(), "%.0f"), side.smallFailed());
		}

		String curveSection(Settings settings) {
			StringBuilder section = new StringBuilder(
					"""

							### Latency against load: 10 KiB uploads at rising rates

							The open model above, at each rate for %d s, straight to the element and through the
							ingester: where each path's latency starts to climb.

							| element | target requests/s | requests | ingester p50 / p99 ms | ingester requests/s | element alone p50 / p99 ms | element alone requests/s | not 201 (ingester / element) |
							|---|---|---|---|---|---|---|---|
							"""
						.formatted(settings.curveSeconds()));
			for (CurvePoint point : this.curve) {
				section.append("| %s | %d | %d | %.1f / %.1f | %.1f | %.1f / %.1f | %.1f | %d / %d |%n".formatted(
						point.element().name(), point.rate(), point.requests(), point.through().p50Seconds() * 1000,
						point.through().p99Seconds() * 1000, point.through().requestsPerSecond(),
						point.direct().p50Seconds() * 1000, point.direct().p99Seconds() * 1000,
						point.direct().requestsPerSecond(), point.through().failed(), point.direct().failed()));
			}
			return section.toString();
		}

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
	 * Another build's ingester, measured beside this one (section 4).
	 *
	 * @param before how it is started
	 * @param largeRounds the rounds of one large upload straight to the element and
	 * through each; even, so that each ingester goes first as often
	 * @param smallRounds the rounds of small uploads through each; even likewise
	 * @param smallUploads the 10 KiB uploads from 50 clients of each small round
	 */
	record Comparison(IngesterLaunch before, int largeRounds, int smallRounds, int smallUploads) {

		Comparison {
			if (largeRounds < 2 || largeRounds % 2 != 0 || smallRounds < 2 || smallRounds % 2 != 0) {
				throw new IllegalArgumentException("Rounds come in pairs, so that each ingester goes first as often");
			}
		}

	}

	/**
	 * What a benchmark run measures.
	 *
	 * @param workDir where bodies, stored files and logs go
	 * @param report where the Markdown report goes
	 * @param command the command that produced the report, for the report
	 * @param launch how the ingester is started for every measurement but the warm-up
	 * @param warmUpLaunches the ways of starting it whose warm-up is measured
	 * @param comparison another build's ingester to measure beside this one, or null
	 * @param trainingUploads the uploads of a training run
	 * @param warmUpBlock the uploads per block of the warm-up curve
	 * @param warmUpBlocks the blocks of the warm-up curve
	 * @param heap the ingester's heap for throughput and latency
	 * @param throughputBytes the upload size for the throughput comparison
	 * @param throughputRounds how many direct/ingester pairs per layout
	 * @param warmupRequests how many small uploads warm the ingester up
	 * @param memoryHeap the ingester's heap for the memory measurement
	 * @param memorySizes the upload sizes after which heap use is measured
	 * @param latencyCases the latency measurements
	 * @param loads the load levels of each latency measurement
	 * @param pacedSeconds how long, at least, each run at a target rate lasts
	 * @param curveRates the rates of 10 KiB uploads at which latency is measured, from
	 * the most clients of {@code loads}
	 * @param curveSeconds how long each rate of the curve lasts
	 */
	record Settings(Path workDir, Path report, String command, IngesterLaunch launch,
			List<IngesterLaunch> warmUpLaunches, @Nullable Comparison comparison, int trainingUploads, int warmUpBlock,
			int warmUpBlocks, String heap, long throughputBytes, int throughputRounds, int warmupRequests,
			String memoryHeap, List<Long> memorySizes, List<LatencyCase> latencyCases, List<Load> loads,
			int pacedSeconds, List<Integer> curveRates, int curveSeconds) {

		/**
		 * The full benchmark.
		 * @param report where the report goes
		 * @param jar the ingester's jar
		 * @param jdk25 a JDK 25 to measure too, or null
		 * @param baseline another build's jar to measure beside this one (its warm-up,
		 * and before and after), or null
		 */
		static Settings full(Path report, Path jar, @Nullable Path jdk25, @Nullable Path baseline) {
			Path work = Path.of("target", "benchmark").toAbsolutePath();
			IngesterLaunch before = (baseline != null) ? IngesterLaunch.before(baseline) : null;
			return new Settings(work, report, "bash benchmarks/run", IngesterLaunch.asShipped(jar),
					warmUpLaunches(work, jar, jdk25, before),
					(before != null) ? new Comparison(before, 6, 4, 5000) : null, 2000, 1000, 4, "512m", 256 * MIB, 5,
					10000, "128m", List.of(10 * MIB, 100 * MIB, 1024 * MIB),
					List.of(new LatencyCase(10 * 1024, 5000, "50 ms"), new LatencyCase(MIB, 300, "200 ms")),
					List.of(new Load(10, 50), new Load(50, 100)), 10, List.of(50, 100, 200, 400, 800), 5);
		}

		/**
		 * Only the warm-up curves of the full benchmark
		 * ({@code benchmarks/run --warm-up}).
		 */
		static Settings warmUpOnly(Path report, Path jar, @Nullable Path jdk25, @Nullable Path baseline) {
			Settings full = full(report, jar, jdk25, baseline);
			return new Settings(full.workDir(), report, full.command() + " --warm-up", full.launch(),
					full.warmUpLaunches(), full.comparison(), full.trainingUploads(), full.warmUpBlock(),
					full.warmUpBlocks(), full.heap(), full.throughputBytes(), 0, 0, full.memoryHeap(), List.of(),
					List.of(), List.of(), 0, List.of(), 0);
		}

		/**
		 * Makes what the warm-up launches read, before they start: the jar extracted
		 * afresh for those that run an extracted one (an extraction of an earlier build
		 * would run that build's code), and no archive of an earlier run (the JVM makes
		 * an archive read-only and does not write it over: each run trains its own).
		 */
		void prepare() {
			Path extracted = this.workDir.resolve(EXTRACTED);
			FileSystemUtils.deleteRecursively(extracted.toFile());
			if (this.warmUpLaunches.stream().anyMatch((launch) -> launch.jar().startsWith(extracted))) {
				IngesterLaunch.extract(this.launch.jar(), extracted);
			}
			try (Stream<Path> files = Files.list(this.workDir)) {
				for (Path archive : files
					.filter((file) -> file.toString().endsWith(".jsa") || file.toString().endsWith(".aot"))
					.toList()) {
					Files.delete(archive);
				}
			}
			catch (NoSuchFileException ex) {
				// a first run: nothing to remove
			}
			catch (IOException ex) {
				throw new UncheckedIOException(ex);
			}
		}

		/** Whether only the warm-up is measured. */
		boolean warmUpOnly() {
			return this.throughputRounds == 0;
		}

		/**
		 * A small run, with the same jar started with the JVM's defaults as the build to
		 * measure beside it.
		 */
		static Settings smoke(Path workDir, Path jar) {
			return new Settings(workDir, workDir.resolve("benchmarks.md"), "UploadBenchmarkSmokeTests",
					IngesterLaunch.asShipped(jar), List.of(IngesterLaunch.asShipped(jar)),
					new Comparison(IngesterLaunch.before(jar), 2, 2, 50), 0, 10, 2, "256m", MIB, 1, 20, "128m",
					List.of(MIB, 2 * MIB), List.of(new LatencyCase(10 * 1024, 40, "50 ms")), List.of(new Load(2, 10)),
					1, List.of(10, 20), 1);
		}

		/**
		 * The ways of starting the ingester whose warm-up is measured: another build's
		 * jar, if given; the jar as built, with the JVM's defaults and as the README runs
		 * it; C1 only; extracted with a class data archive from a training run (CDS); one
		 * more set of JVM options if given ({@code benchmark.options}); on a JDK 25,
		 * extracted with an AOT cache from a training run (JEP 483, 514 and 515: classes
		 * loaded and linked, and method profiles).
		 */
		private static List<IngesterLaunch> warmUpLaunches(Path work, Path jar, @Nullable Path jdk25,
				@Nullable IngesterLaunch before) {
			Path javaHome = Path.of(System.getProperty("java.home"));
			int feature = Runtime.version().feature();
			Path extracted = work.resolve(EXTRACTED).resolve(jar.getFileName());
			Path cds = work.resolve("ingester-" + feature + ".jsa");
			Path aot = work.resolve("ingester-25.aot");
			List<IngesterLaunch> launches = new ArrayList<>();
			if (before != null) {
				launches.add(before);
			}
			launches.add(IngesterLaunch.asBuilt(jar));
			launches.add(IngesterLaunch.asShipped(jar));
			String options = System.getProperty("benchmark.options", "");
			if (!options.isBlank()) {
				launches.add(new IngesterLaunch("JDK " + feature + ", java -jar " + options, javaHome, jar,
						List.of(options.split(",")), List.of()));
			}
			launches.add(new IngesterLaunch("JDK " + feature + ", java -jar, C1 only", javaHome, jar,
					List.of("-XX:TieredStopAtLevel=1"), List.of()));
			launches.add(new IngesterLaunch("JDK " + feature + ", extracted, CDS archive, Serial GC", javaHome,
					extracted, List.of("-XX:+UseSerialGC", "-XX:SharedArchiveFile=" + cds),
					List.of("-XX:+UseSerialGC", "-XX:ArchiveClassesAtExit=" + cds)));
			if (jdk25 != null) {
				launches.add(new IngesterLaunch("JDK 25, extracted, AOT cache, Serial GC", jdk25, extracted,
						List.of("-XX:+UseSerialGC", "-XX:AOTCache=" + aot),
						List.of("-XX:+UseSerialGC", "-XX:AOTCacheOutput=" + aot)));
			}
			return launches;
		}

	}

}
