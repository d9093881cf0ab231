package io.artstore.ingester.benchmark;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.jspecify.annotations.Nullable;

/**
 * Runs {@code hey} (Debian package {@code hey}) and reads its summary: one load run of
 * multipart uploads of a prepared body file.
 */
final class Hey {

	private static final Pattern RATE = Pattern.compile("Requests/sec:\\s+([0-9.]+)");

	private static final Pattern AVERAGE = Pattern.compile("Average:\\s+([0-9.]+) secs");

	private static final Pattern SLOWEST = Pattern.compile("Slowest:\\s+([0-9.]+) secs");

	private static final Pattern PERCENTILE = Pattern.compile("(\\d+)%+ in ([0-9.]+) secs");

	private static final Pattern STATUS = Pattern.compile("\\[(\\d{3})]\\s+(\\d+) responses");

	private Hey() {
	}

	/**
	 * Sends {@code requests} uploads, {@code concurrency} at a time.
	 * @param url where to send them
	 * @param body a multipart body file made by {@link Payloads}
	 * @param token the bearer token
	 * @param requests how many requests
	 * @param concurrency how many at once
	 * @return the summary
	 */
	static Result run(String url, Path body, String token, int requests, int concurrency) {
		return run(url, body, token, requests, concurrency, null);
	}

	/**
	 * Sends {@code requests} uploads, {@code concurrency} at a time, from the given CPUs.
	 * @param url where to send them
	 * @param body a multipart body file made by {@link Payloads}
	 * @param token the bearer token
	 * @param requests how many requests
	 * @param concurrency how many at once
	 * @param cpus the CPUs {@code hey} runs on ({@code taskset} list), or {@code null}
	 * for any
	 * @return the summary
	 */
	static Result run(String url, Path body, String token, int requests, int concurrency, @Nullable String cpus) {
		return run(url, body, token, requests, concurrency, cpus, true);
	}

	/**
	 * Sends {@code requests} uploads, {@code concurrency} at a time, counting answers
	 * other than 201 rather than failing on them: under overload some uploads may fail,
	 * and a report says how many.
	 * @param url where to send them
	 * @param body a multipart body file made by {@link Payloads}
	 * @param token the bearer token
	 * @param requests how many requests
	 * @param concurrency how many at once
	 * @return the summary
	 */
	static Result measure(String url, Path body, String token, int requests, int concurrency) {
		return run(url, body, token, requests, concurrency, null, false);
	}

	private static Result run(String url, Path body, String token, int requests, int concurrency, @Nullable String cpus,
			boolean allCreated) {
		String output = outputOf(start(command(url, body, token, requests, concurrency, cpus, 0, false)));
		return Result.parse(output, requests, allCreated);
	}

	/**
	 * Sends {@code requests} uploads at {@code totalRate} per second from {@code users}
	 * users, each its own {@code hey -c 1 -q} process sending at its share of the rate,
	 * started {@code 1 / totalRate} apart: arrivals spread evenly over time, as those of
	 * independent users do. (One {@code hey -c N -q} process starts all its clients'
	 * tickers at once, so that N requests arrive together on every tick.)
	 * @param url where to send them
	 * @param body a multipart body file made by {@link Payloads}
	 * @param token the bearer token
	 * @param requests how many requests, all users together (a multiple of {@code users})
	 * @param users how many users
	 * @param totalRate requests per second, all users together
	 * @return the summary: percentiles from every request's latency, the rate from the
	 * first request sent to the last one answered, answers other than 201 counted
	 */
	static Result runAtRate(String url, Path body, String token, int requests, int users, double totalRate) {
		long spacingNanos = (long) (1e9 / totalRate);
		int perUser = requests / users;
		long started = System.nanoTime();
		List<User> running = new ArrayList<>();
		List<Double> latencies = new ArrayList<>();
		int created = 0;
		double firstSent = Double.MAX_VALUE;
		double lastAnswered = 0;
		try {
			for (int user = 0; user < users; user++) {
				TimeUnit.NANOSECONDS.sleep(started + user * spacingNanos - System.nanoTime());
				running.add(new User((System.nanoTime() - started) / 1e9,
						start(command(url, body, token, perUser, 1, null, totalRate / users, true))));
			}
			for (User user : running) {
				for (String line : outputOf(user.process()).lines().skip(1).toList()) {
					String[] fields = line.split(",");
					double latency = Double.parseDouble(fields[0]);
					double sent = user.startSeconds() + Double.parseDouble(fields[7]);
					firstSent = Math.min(firstSent, sent);
					lastAnswered = Math.max(lastAnswered, sent + latency);
					latencies.add(latency);
					created += fields[6].equals("201") ? 1 : 0;
				}
			}
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new IllegalStateException(ex);
		}
		finally {
			running.forEach((user) -> user.process().destroy());
		}
		if (latencies.isEmpty()) {
			throw new IllegalStateException("hey answered nothing for " + url);
		}
		Collections.sort(latencies);
		double average = latencies.stream().mapToDouble(Double::doubleValue).average().orElseThrow();
		return new Result(latencies.size() / (lastAnswered - firstSent), average, percentile(latencies, 50),
				percentile(latencies, 99), perUser * users - created);
	}

	/** Nearest-rank percentile of sorted values. */
	private static double percentile(List<Double> sorted, int percent) {
		int rank = (int) Math.ceil(percent / 100.0 * sorted.size());
		return sorted.get(Math.max(0, rank - 1));
	}

	private static List<String> command(String url, Path body, String token, int requests, int concurrency,
			@Nullable String cpus, double perClientRate, boolean csv) {
		List<String> command = new ArrayList<>();
		if (cpus != null) {
			command.addAll(List.of("taskset", "-c", cpus));
		}
		command.addAll(List.of("hey", "-n", String.valueOf(requests), "-c", String.valueOf(concurrency), "-m", "POST",
				"-t", "0", "-T", Payloads.CONTENT_TYPE, "-H", "Authorization: Bearer " + token, "-D", body.toString()));
		if (perClientRate > 0) {
			command.addAll(List.of("-q", String.valueOf(perClientRate)));
		}
		if (csv) {
			command.addAll(List.of("-o", "csv"));
		}
		command.add(url);
		return command;
	}

	private static Process start(List<String> command) {
		try {
			return new ProcessBuilder(command).redirectErrorStream(true).start();
		}
		catch (IOException ex) {
			throw new UncheckedIOException("Cannot run hey: install the Debian package 'hey'", ex);
		}
	}

	/** Waits for a {@code hey} process and returns what it printed. */
	private static String outputOf(Process process) {
		try {
			String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
			if (process.waitFor() != 0) {
				throw new IllegalStateException("hey failed: " + output);
			}
			return output;
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
		catch (InterruptedException ex) {
			process.destroy();
			Thread.currentThread().interrupt();
			throw new IllegalStateException(ex);
		}
	}

	/**
	 * One paced user: its {@code hey} process and when it started, in seconds after the
	 * first.
	 */
	private record User(double startSeconds, Process process) {
	}

	/**
	 * What one run measured.
	 *
	 * @param requestsPerSecond completed requests per second
	 * @param averageSeconds mean latency
	 * @param p50Seconds median latency
	 * @param p99Seconds 99th percentile latency (the slowest, when there are too few
	 * requests for one)
	 * @param failed how many requests were not answered 201
	 */
	record Result(double requestsPerSecond, double averageSeconds, double p50Seconds, double p99Seconds, int failed) {

		static Result parse(String output, int requests, boolean allCreated) {
			Matcher status = STATUS.matcher(output);
			int created = 0;
			int answered = 0;
			StringBuilder others = new StringBuilder();
			while (status.find()) {
				int count = Integer.parseInt(status.group(2));
				answered += count;
				if (status.group(1).equals("201")) {
					created = count;
				}
				else {
					others.append(status.group(0)).append(' ');
				}
			}
			if (answered == 0 || (allCreated && created != requests)) {
				throw new IllegalStateException("Expected " + requests + " uploads answered 201, got " + created + " "
						+ others + "\n" + output);
			}
			double p50 = Double.NaN;
			double p99 = Double.NaN;
			Matcher percentile = PERCENTILE.matcher(output);
			while (percentile.find()) {
				switch (percentile.group(1)) {
					case "50" -> p50 = Double.parseDouble(percentile.group(2));
					case "99" -> p99 = Double.parseDouble(percentile.group(2));
					default -> {
					}
				}
			}
			if (Double.isNaN(p99)) {
				p99 = number(SLOWEST, output);
			}
			if (Double.isNaN(p50)) {
				p50 = number(AVERAGE, output);
			}
			return new Result(number(RATE, output), number(AVERAGE, output), p50, p99, requests - created);
		}

		private static double number(Pattern pattern, String output) {
			Matcher matcher = pattern.matcher(output);
			if (!matcher.find()) {
				throw new IllegalStateException("No " + pattern + " in hey's output:\n" + output);
			}
			return Double.parseDouble(matcher.group(1));
		}

	}

}
