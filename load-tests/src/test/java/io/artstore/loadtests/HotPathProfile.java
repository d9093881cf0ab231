package io.artstore.loadtests;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.IntStream;

import reactor.netty.DisposableServer;

import org.springframework.util.FileSystemUtils;

import io.artstore.ingester.support.ForkedIngester;
import io.artstore.reference.admin.ReferenceAdminModule;
import io.artstore.reference.storage.ReferenceStorageElement;

/**
 * Profiles the small-upload hot path: warmed-up ingesters serve 10 KiB uploads from 50
 * clients; prints each one's CPU per upload, rate and latency, then records each with
 * Java Flight Recorder (as shipped, with the serial collector; 512 frames deep) for its
 * hot methods and its {@link JfrComponents}. Variants (another build's classes, other
 * settings) run side by side, in alternated rounds, so that the machine's noise falls on
 * all of them alike. Run it with {@code bash benchmarks/profile}.
 */
public final class HotPathProfile {

	private static final String UPLOAD = "/api/v1/files/upload";

	private static final int WARM_UP = 8000;

	private static final int ROUNDS = 4;

	/**
	 * Large uploads one at a time: enough rounds that the last ones show the cost once
	 * the JIT compiler has done with the large-file path.
	 */
	private static final int LARGE_ROUNDS = 8;

	/** What sends the large uploads: {@code profile.large-client=curl}, or Gatling. */
	private static final LargeUploadClient LARGE_CLIENT = "curl".equals(System.getProperty("profile.large-client"))
			? LargeUploadClient.CURL : LargeUploadClient.GATLING;

	private static final int UPLOADS_PER_ROUND = 3000;

	/**
	 * Reactive call stacks are deeper than JFR's default of 64 frames; cut there, a
	 * sample loses the frames that say which part of the upload it belongs to.
	 */
	private static final String JFR_STACK_DEPTH = "-XX:FlightRecorderOptions:stackdepth=512";

	private HotPathProfile() {
	}

	/**
	 * Runs the profile.
	 * @param args the output folder; a storage element as {@code base URL|pid}, or
	 * {@code -} for the reference element in this JVM; then the variants, each as
	 * {@code label|jar or -|name=value,name=value} ({@code -}: this build's jar), or none
	 * for this build as configured
	 */
	public static void main(String[] args) throws IOException {
		Path out = Path.of(args[0]).toAbsolutePath();
		Files.createDirectories(out);
		DisposableServer elementServer = null;
		String elementUrl = args[1].split("\\|")[0];
		long elementPid = args[1].contains("|") ? Long.parseLong(args[1].split("\\|")[1])
				: ProcessHandle.current().pid();
		if (elementUrl.equals("-")) {
			FileSystemUtils.deleteRecursively(out.resolve("element").toFile());
			elementServer = new ReferenceStorageElement(out.resolve("element"), "edit", Long.MAX_VALUE).start(0);
			elementUrl = ReferenceStorageElement.baseUrl(elementServer).toString();
		}
		List<Variant> variants = new ArrayList<>();
		for (int i = 2; i < args.length; i++) {
			variants.add(Variant.parse(args[i]));
		}
		if (variants.isEmpty()) {
			variants.add(Variant.parse("this build|-|"));
		}
		DisposableServer admin = ReferenceAdminModule.start(0);
		Path body = Payloads.multipart(out, 10 * 1024);
		List<ForkedIngester> ingesters = new ArrayList<>();
		try {
			for (Variant variant : variants) {
				Map<String, String> properties = UploadBenchmark.ingesterProperties(elementUrl,
						ReferenceAdminModule.baseUrl(admin).toString());
				properties.putAll(variant.properties());
				ForkedIngester ingester = variant.launch()
					.start("512m", properties, out.resolve("ingester-" + ingesters.size() + ".log"));
				ingesters.add(ingester);
				GatlingLoad.run(ingester.baseUrl() + UPLOAD, body, WARM_UP, 10).all201();
			}
			long large = Long.getLong("profile.large-bytes", 0);
			if (large > 0) {
				largeUploads(out, large, elementUrl, elementPid, variants, ingesters);
			}
			if (Boolean.parseBoolean(System.getProperty("profile.small", "true"))) {
				smallUploads(out, variants, ingesters, body);
			}
		}
		finally {
			ingesters.forEach(ForkedIngester::close);
			admin.disposeNow();
			if (elementServer != null) {
				elementServer.disposeNow();
			}
		}
		System.exit(0);
	}

	/**
	 * Small uploads from 50 clients, alternated in rounds: CPU per upload, rate and p99;
	 * then latency at 100/s, then a JFR recording of each variant
	 * ({@code hot-path-<variant>.jfr}).
	 */
	private static void smallUploads(Path out, List<Variant> variants, List<ForkedIngester> ingesters, Path body) {
		double[] cpu = new double[variants.size()];
		double[] seconds = new double[variants.size()];
		List<List<Double>> p99 = new ArrayList<>();
		variants.forEach((variant) -> p99.add(new ArrayList<>()));
		for (int round = 0; round < ROUNDS; round++) {
			for (int v : UploadBenchmark.inTurn(IntStream.range(0, variants.size()).boxed().toList(), round)) {
				ForkedIngester ingester = ingesters.get(v);
				double before = ProcessCpu.seconds(ingester.pid());
				GatlingLoad.Result result = GatlingLoad.run(ingester.baseUrl() + UPLOAD, body, UPLOADS_PER_ROUND, 50)
					.all201();
				cpu[v] += ProcessCpu.seconds(ingester.pid()) - before;
				seconds[v] += UPLOADS_PER_ROUND / result.requestsPerSecond();
				p99.get(v).add(result.p99Seconds() * 1000);
			}
		}
		System.out.printf("%n10 KiB uploads from 50 clients, %d rounds of %d per variant, alternated:%n%n", ROUNDS,
				UPLOADS_PER_ROUND);
		System.out.println("| variant | ingester CPU ms per upload | uploads/s | p99 ms per round |");
		System.out.println("|---|---|---|---|");
		for (int v = 0; v < variants.size(); v++) {
			int uploads = ROUNDS * UPLOADS_PER_ROUND;
			System.out.printf("| %s | %.2f | %.0f | %s |%n", variants.get(v).label(), cpu[v] * 1000 / uploads,
					uploads / seconds[v], UploadBenchmark.joined(p99.get(v), "%.0f"));
		}
		for (int v = 0; v < variants.size(); v++) {
			GatlingLoad.Result paced = GatlingLoad.runAtRate(ingesters.get(v).baseUrl() + UPLOAD, body, 1000, 100);
			System.out.printf("%s, 10 KiB at 100/s from 50 clients: p50 %.1f ms, p99 %.1f ms, not 201: %d%n",
					variants.get(v).label(), paced.p50Seconds() * 1000, paced.p99Seconds() * 1000, paced.failed());
		}
		for (int v = 0; v < variants.size(); v++) {
			Path recording = out.resolve("hot-path-" + v + ".jfr");
			ingesters.get(v).jcmd("JFR.start", "name=hot", "settings=default");
			GatlingLoad.run(ingesters.get(v).baseUrl() + UPLOAD, body, 2 * UPLOADS_PER_ROUND, 50).all201();
			ingesters.get(v).jcmd("JFR.stop", "name=hot", "filename=" + recording);
			System.out.println("JFR recording of " + variants.get(v).label() + ": " + recording);
		}
	}

	/**
	 * Large uploads, one at a time, alternated: straight to the element, then through
	 * each variant; with the element's CPU per upload, which shows how each frames what
	 * it sends (an element pays per chunk and per read), and each ingester's, per round,
	 * with its JIT compilers' and the kernel's share, recorded with JFR
	 * ({@code large-path-<variant>.jfr}) for where the rest goes.
	 */
	private static void largeUploads(Path out, long bytes, String elementUrl, long elementPid, List<Variant> variants,
			List<ForkedIngester> ingesters) {
		Path body = Payloads.multipart(out, bytes);
		List<String> paths = new ArrayList<>(List.of("straight to the element"));
		List<String> urls = new ArrayList<>(List.of(elementUrl + UPLOAD));
		for (int v = 0; v < variants.size(); v++) {
			paths.add("through " + variants.get(v).label());
			urls.add(ingesters.get(v).baseUrl() + UPLOAD);
		}
		List<List<Double>> rates = new ArrayList<>();
		List<List<Double>> ingesterCpu = new ArrayList<>();
		double[] elementCpu = new double[urls.size()];
		double[] ingesterSystem = new double[urls.size()];
		double[] ingesterCompiler = new double[urls.size()];
		urls.forEach((url) -> {
			rates.add(new ArrayList<>());
			ingesterCpu.add(new ArrayList<>());
		});
		ingesters.forEach((ingester) -> ingester.jcmd("JFR.start", "name=large", "settings=default"));
		for (int round = 0; round < LARGE_ROUNDS; round++) {
			for (int p = 0; p < urls.size(); p++) {
				ForkedIngester ingester = (p > 0) ? ingesters.get(p - 1) : null;
				double before = ProcessCpu.seconds(elementPid);
				IngesterCpu ingesterBefore = (ingester != null) ? IngesterCpu.of(ingester) : null;
				double seconds = LARGE_CLIENT.seconds(urls.get(p), body);
				elementCpu[p] += ProcessCpu.seconds(elementPid) - before;
				if (ingester != null) {
					IngesterCpu ingesterAfter = IngesterCpu.of(ingester);
					ingesterCpu.get(p).add(ingesterAfter.usage().seconds() - ingesterBefore.usage().seconds());
					ingesterSystem[p] += ingesterAfter.usage().systemSeconds() - ingesterBefore.usage().systemSeconds();
					ingesterCompiler[p] += ingesterAfter.compilerSeconds() - ingesterBefore.compilerSeconds();
				}
				rates.get(p).add(bytes / 1048576.0 / seconds);
			}
		}
		for (int v = 0; v < ingesters.size(); v++) {
			ingesters.get(v).jcmd("JFR.stop", "name=large", "filename=" + out.resolve("large-path-" + v + ".jfr"));
		}
		System.out.printf("%n%d MiB uploads from %s, one at a time, %d rounds, alternated:%n%n", bytes / 1048576,
				LARGE_CLIENT.label(), LARGE_ROUNDS);
		System.out.println("| path | MiB/s per round | element CPU s per upload | ingester CPU s per round"
				+ " | ingester CPU s per upload | of which JIT compiler | of which in the kernel |");
		System.out.println("|---|---|---|---|---|---|---|");
		for (int p = 0; p < urls.size(); p++) {
			double ingesterTotal = ingesterCpu.get(p).stream().mapToDouble(Double::doubleValue).sum();
			System.out.printf("| %s | %s | %.2f | %s | %s | %s | %s |%n", paths.get(p),
					UploadBenchmark.joined(rates.get(p), "%.0f"), elementCpu[p] / LARGE_ROUNDS,
					UploadBenchmark.joined(ingesterCpu.get(p), "%.2f"),
					(p > 0) ? String.format("%.2f", ingesterTotal / LARGE_ROUNDS) : "",
					(p > 0) ? String.format("%.2f", ingesterCompiler[p] / LARGE_ROUNDS) : "",
					(p > 0) ? String.format("%.2f", ingesterSystem[p] / LARGE_ROUNDS) : "");
		}
	}

	/** An ingester's CPU so far, and its JIT compilers'. */
	private record IngesterCpu(ProcessCpu.Usage usage, double compilerSeconds) {

		static IngesterCpu of(ForkedIngester ingester) {
			return new IngesterCpu(ProcessCpu.usage(ingester.pid()), ProcessCpu.compilerSeconds(ingester.pid()));
		}

	}

	/**
	 * One ingester to profile.
	 *
	 * @param label its name in the table
	 * @param launch how it is started
	 * @param properties settings on top of the benchmark's
	 */
	record Variant(String label, IngesterLaunch launch, Map<String, String> properties) {

		/**
		 * Parses {@code label|jar or -|name=value,name=value} ({@code -}: this build's
		 * jar), optionally followed by {@code |JVM option,JVM option}.
		 */
		static Variant parse(String spec) {
			String[] parts = spec.split("\\|", -1);
			Path jar = Path.of(parts[1].equals("-") ? System.getProperty("ingester.jar") : parts[1]);
			Map<String, String> properties = new LinkedHashMap<>();
			for (String property : parts[2].split(",")) {
				if (!property.isBlank()) {
					properties.put(property.substring(0, property.indexOf('=')),
							property.substring(property.indexOf('=') + 1));
				}
			}
			List<String> options = new ArrayList<>(List.of(JFR_STACK_DEPTH));
			if (parts.length > 3 && !parts[3].isBlank()) {
				options.addAll(List.of(parts[3].split(",")));
			}
			return new Variant(parts[0], IngesterLaunch.asShipped(jar).withOptions(options), properties);
		}

	}

}
