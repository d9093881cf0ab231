package io.artstore.ingester.benchmark;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.concurrent.atomic.AtomicIntegerArray;

import io.netty.handler.codec.http.HttpHeaderNames;
import org.jspecify.annotations.Nullable;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.netty.http.client.HttpClient;
import reactor.netty.resources.ConnectionProvider;
import reactor.netty.resources.LoopResources;

/**
 * The benchmark's load generator: multipart uploads of a prepared body file sent with
 * Reactor Netty, in the JVM, so that the benchmark needs nothing but a JDK. Two models:
 * closed ({@link #run}: a fixed number of clients, each sending its next upload when the
 * last one is answered) and open ({@link #runAtRate}: uploads start at a fixed rate
 * whatever the answers, as independent users' do).
 *
 * <p>
 * Bodies up to {@value #IN_MEMORY_LIMIT} bytes are held in memory and sent in one write;
 * larger ones are sent from the file ({@code sendFile}, zero-copy where the platform
 * allows). Every upload carries a {@code Content-Length}, as {@code curl} and {@code hey}
 * send it. Connections are kept alive, at most one per client.
 */
final class LoadClient {

	static final int IN_MEMORY_LIMIT = 4 * 1024 * 1024;

	private static final Duration NO_ANSWER = Duration.ofMinutes(10);

	private LoadClient() {
	}

	/**
	 * Sends {@code requests} uploads, {@code concurrency} at a time, and fails unless
	 * every one is answered 201.
	 * @param url where to send them
	 * @param body a multipart body file made by {@link Payloads}
	 * @param token the bearer token
	 * @param requests how many requests
	 * @param concurrency how many at once
	 * @return the summary
	 */
	static Result run(String url, Path body, String token, int requests, int concurrency) {
		Result result = measure(url, body, token, requests, concurrency);
		if (result.failed() > 0) {
			throw new IllegalStateException("Expected " + requests + " uploads to " + url + " answered 201; "
					+ result.failed() + " were not (statuses " + result.statuses() + ")");
		}
		return result;
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
	 * @return the summary; latency from each request's start to its answer
	 */
	static Result measure(String url, Path body, String token, int requests, int concurrency) {
		try (Session session = new Session(url, body, token, concurrency)) {
			long[] latencies = new long[requests];
			long started = System.nanoTime();
			Flux.range(0, requests).flatMap((index) -> {
				long sent = System.nanoTime();
				return session.upload().doOnNext((status) -> latencies[index] = System.nanoTime() - sent);
			}, concurrency).blockLast(NO_ANSWER);
			return Result.of(latencies, System.nanoTime() - started, session);
		}
	}

	/**
	 * Starts {@code requests} uploads at {@code rate} per second, evenly spaced, over at
	 * most {@code clients} connections: an upload due while every connection is busy
	 * waits for one, and its latency counts that wait (latency is measured from when the
	 * upload was due, not from when a connection took it, so a slow server cannot hide
	 * its queue).
	 * @param url where to send them
	 * @param body a multipart body file made by {@link Payloads}
	 * @param token the bearer token
	 * @param requests how many requests
	 * @param clients how many connections at most
	 * @param rate requests per second
	 * @return the summary: percentiles from every request's latency, the rate from the
	 * first upload due to the last one answered, answers other than 201 counted
	 */
	static Result runAtRate(String url, Path body, String token, int requests, int clients, double rate) {
		try (Session session = new Session(url, body, token, clients)) {
			long[] latencies = new long[requests];
			long spacing = (long) (1e9 / rate);
			long started = System.nanoTime();
			Flux.range(0, requests)
				.concatMap((index) -> Mono
					.delay(Duration.ofNanos(Math.max(0, started + index * spacing - System.nanoTime())))
					.thenReturn(index))
				.flatMap(
						(index) -> session.upload()
							.doOnNext((status) -> latencies[index] = System.nanoTime() - (started + index * spacing)),
						Integer.MAX_VALUE)
				.blockLast(NO_ANSWER);
			return Result.of(latencies, System.nanoTime() - started, session);
		}
	}

	/** One load run's client: its connections, event loop and body. */
	private static final class Session implements AutoCloseable {

		private final ConnectionProvider connections;

		private final LoopResources loop;

		private final HttpClient client;

		private final String url;

		private final Path body;

		private final byte @Nullable [] bodyBytes;

		private final long bodyLength;

		/** How many uploads got each status; 0 for no answer. */
		private final AtomicIntegerArray statusCounts = new AtomicIntegerArray(600);

		Session(String url, Path body, String token, int clients) {
			this.url = url;
			this.body = body;
			try {
				this.bodyLength = Files.size(body);
				this.bodyBytes = (this.bodyLength <= IN_MEMORY_LIMIT) ? Files.readAllBytes(body) : null;
			}
			catch (IOException ex) {
				throw new UncheckedIOException(ex);
			}
			this.connections = ConnectionProvider.builder("load")
				.maxConnections(clients)
				.pendingAcquireMaxCount(-1)
				.pendingAcquireTimeout(NO_ANSWER)
				.build();
			// Two event loops: enough to saturate an ingester on this machine, few enough
			// to leave it the CPU.
			this.loop = LoopResources.create("load", 2, true);
			this.client = HttpClient.create(this.connections)
				.runOn(this.loop)
				.headers((headers) -> headers.set(HttpHeaderNames.AUTHORIZATION, "Bearer " + token)
					.set(HttpHeaderNames.CONTENT_TYPE, Payloads.CONTENT_TYPE)
					.set(HttpHeaderNames.CONTENT_LENGTH, this.bodyLength));
		}

		/** One upload; emits its status, or 0 when no answer came. */
		Mono<Integer> upload() {
			return this.client.post()
				.uri(this.url)
				.send((request, outbound) -> (this.bodyBytes != null)
						? outbound.sendByteArray(Mono.just(this.bodyBytes)) : outbound.sendFile(this.body))
				.response((response, content) -> content.then(Mono.just(response.status().code())))
				.next()
				.onErrorReturn(0)
				.doOnNext(this.statusCounts::incrementAndGet);
		}

		String statuses() {
			StringBuilder statuses = new StringBuilder();
			for (int status = 0; status < this.statusCounts.length(); status++) {
				int count = this.statusCounts.get(status);
				if (count > 0) {
					statuses.append((statuses.length() > 0) ? ", " : "")
						.append((status == 0) ? "no answer" : status)
						.append(": ")
						.append(count);
				}
			}
			return statuses.toString();
		}

		int created() {
			return this.statusCounts.get(201);
		}

		@Override
		public void close() {
			this.connections.disposeLater().block(Duration.ofSeconds(10));
			this.loop.disposeLater(Duration.ZERO, Duration.ofSeconds(5)).block(Duration.ofSeconds(10));
		}

	}

	/**
	 * What one run measured.
	 *
	 * @param requestsPerSecond completed requests per second
	 * @param averageSeconds mean latency
	 * @param p50Seconds median latency
	 * @param p99Seconds 99th percentile latency (nearest rank)
	 * @param failed how many requests were not answered 201
	 * @param statuses how many requests got each status, for messages
	 */
	record Result(double requestsPerSecond, double averageSeconds, double p50Seconds, double p99Seconds, int failed,
			String statuses) {

		private static Result of(long[] latencyNanos, long elapsedNanos, Session session) {
			long[] sorted = latencyNanos.clone();
			Arrays.sort(sorted);
			double average = Arrays.stream(sorted).average().orElseThrow() / 1e9;
			return new Result(sorted.length / (elapsedNanos / 1e9), average, percentile(sorted, 50) / 1e9,
					percentile(sorted, 99) / 1e9, sorted.length - session.created(), session.statuses());
		}

		/** Nearest-rank percentile of sorted values. */
		static long percentile(long[] sorted, int percent) {
			int rank = (int) Math.ceil(percent / 100.0 * sorted.length);
			return sorted[Math.max(0, rank - 1)];
		}

	}

}
