package io.artstore.loadtests;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import io.gatling.app.Gatling$;

import io.artstore.ingester.support.TestTokens;

/**
 * Runs {@link UploadSimulation} in this JVM, one workload at a time, and reads what
 * Gatling measured from the global row of its HTML report: counts, the mean rate and the
 * response time percentiles (50, 75, 95 and 99 by Gatling's defaults, in milliseconds).
 * Each run's report stays in the results folder, the picture of that run.
 *
 * <p>
 * The JVM needs {@code --add-opens=java.base/java.lang=ALL-UNNAMED}, as Gatling's own
 * launcher gives it. Gatling stops Logback at the end of every run: this JVM logs nothing
 * after the first.
 */
final class GatlingLoad {

	private static final Pattern ROOT_ROW = Pattern.compile("<tr id=\"ROOT\"[^>]*>(.*?)</tr>", Pattern.DOTALL);

	private static Path results = Path.of("target", "gatling");

	static {
		// no calls home from a load test
		System.setProperty("gatling.data.enableAnalytics", "false");
	}

	private GatlingLoad() {
	}

	/** Where the reports of the next runs go. */
	static void resultsIn(Path folder) {
		results = folder;
	}

	/** {@code requests} uploads from {@code clients} clients that never pause. */
	static Result run(String url, Path body, int requests, int clients) {
		return gatling(url, body, requests, clients, 0);
	}

	/** {@code requests} uploads started {@code 1 / rate} apart, whatever the answers. */
	static Result runAtRate(String url, Path body, int requests, double rate) {
		return gatling(url, body, requests, 1, rate);
	}

	/**
	 * A caller's token for one run of uploads. Each run gets a new one: a benchmark
	 * outlasts a token (30 minutes, the longest the ingester accepts), as a real client's
	 * work outlasts its access token.
	 */
	static String callerToken() {
		return TestTokens.trusted().token("load-test", "user");
	}

	private static synchronized Result gatling(String url, Path body, int requests, int clients, double rate) {
		System.setProperty("upload.url", url);
		System.setProperty("upload.body", body.toAbsolutePath().toString());
		System.setProperty("upload.token", callerToken());
		System.setProperty("upload.requests", String.valueOf(requests));
		System.setProperty("upload.clients", String.valueOf(clients));
		System.setProperty("upload.rate", String.valueOf(rate));
		try {
			Files.createDirectories(results);
			Set<Path> before = runs();
			int status = Gatling$.MODULE$.fromArgs(new String[] { "-s", UploadSimulation.class.getName(), "-rf",
					results.toAbsolutePath().toString(), "-rd", (rate > 0) ? rate + "/s" : clients + " clients" });
			if (status != 0) {
				throw new IllegalStateException("Gatling ended with status " + status);
			}
			Path report = runs().stream()
				.filter((run) -> !before.contains(run))
				.max(Comparator.naturalOrder())
				.orElseThrow(() -> new IllegalStateException("Gatling wrote no report in " + results));
			Result result = Result.read(report, UploadSimulation.lastRunSeconds());
			if (result.requests() != requests) {
				throw new IllegalStateException(
						"Gatling sent " + result.requests() + " uploads instead of " + requests + "; see " + report);
			}
			return result;
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

	private static Set<Path> runs() throws IOException {
		try (Stream<Path> runs = Files.list(results)) {
			return runs.filter(Files::isDirectory).collect(Collectors.toSet());
		}
	}

	/**
	 * What Gatling measured in one run.
	 *
	 * @param requests the uploads sent
	 * @param failed those not answered 201
	 * @param requestsPerSecond the uploads over the seconds from the first start to the
	 * last answer
	 * @param p50Millis the median response time
	 * @param p99Millis the 99th percentile
	 * @param meanMillis the mean response time
	 * @param report the run's HTML report folder
	 */
	record Result(int requests, int failed, double requestsPerSecond, double p50Millis, double p99Millis,
			double meanMillis, Path report) {

		/**
		 * Reads the global row of a run's report. The rate is the uploads over the run's
		 * seconds as the simulation timed them: Gatling's own divides by whole seconds.
		 */
		static Result read(Path report, double seconds) throws IOException {
			String html = Files.readString(report.resolve("index.html"));
			Matcher row = ROOT_ROW.matcher(html);
			if (!row.find()) {
				throw new IllegalStateException("No global row in " + report.resolve("index.html"));
			}
			String cells = row.group(1);
			int requests = (int) cell(cells, 2);
			return new Result(requests, (int) cell(cells, 4), requests / seconds, cell(cells, 8), cell(cells, 11),
					cell(cells, 13), report);
		}

		private static double cell(String cells, int column) {
			Matcher cell = Pattern.compile("col-" + column + "\">([^<]*)</td>").matcher(cells);
			if (!cell.find()) {
				throw new IllegalStateException("No column " + column + " in Gatling's global row");
			}
			String value = cell.group(1).strip();
			return value.equals("-") ? Double.NaN : Double.parseDouble(value);
		}

		/**
		 * This result, if every upload was answered 201: a run that prepares a
		 * measurement or times one upload is worth nothing otherwise.
		 * @throws IllegalStateException if one was not
		 */
		Result all201() {
			if (this.failed > 0) {
				throw new IllegalStateException(this.failed + " of " + this.requests
						+ " uploads were not answered 201; see Gatling's report in " + this.report);
			}
			return this;
		}

		double p50Seconds() {
			return this.p50Millis / 1000;
		}

		double p99Seconds() {
			return this.p99Millis / 1000;
		}

		double averageSeconds() {
			return this.meanMillis / 1000;
		}

	}

}
