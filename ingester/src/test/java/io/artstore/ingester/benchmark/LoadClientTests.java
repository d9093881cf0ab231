package io.artstore.ingester.benchmark;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;

import io.netty.handler.codec.http.HttpResponseStatus;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import reactor.core.publisher.Mono;
import reactor.netty.DisposableServer;
import reactor.netty.http.server.HttpServer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalStateException;

/**
 * The benchmark's load client against a server that records what arrives.
 */
class LoadClientTests {

	@TempDir
	Path work;

	private final List<Long> contentLengths = new CopyOnWriteArrayList<>();

	private final List<Long> bytesReceived = new CopyOnWriteArrayList<>();

	private final List<Long> arrivals = new CopyOnWriteArrayList<>();

	private final AtomicInteger requests = new AtomicInteger();

	private DisposableServer server;

	@AfterEach
	void stopServer() {
		if (this.server != null) {
			this.server.disposeNow();
		}
	}

	@Test
	void closedModelCountsAnswersOtherThanCreated() {
		start(3, Duration.ZERO);
		Path body = Payloads.multipart(this.work, 1024);

		LoadClient.Result result = LoadClient.measure(url(), body, "token", 5, 1);

		assertThat(result.failed()).isEqualTo(2);
		assertThat(result.statuses()).isEqualTo("201: 3, 500: 2");
		assertThat(result.p99Seconds()).isGreaterThanOrEqualTo(result.p50Seconds()).isPositive();
		assertThat(this.requests).hasValue(5);
	}

	@Test
	void runFailsUnlessEveryUploadIsCreated() {
		start(1, Duration.ZERO);
		Path body = Payloads.multipart(this.work, 1024);

		assertThatIllegalStateException().isThrownBy(() -> LoadClient.run(url(), body, "token", 2, 1))
			.withMessageContaining("1 were not (statuses 201: 1, 500: 1)");
	}

	@Test
	void everyUploadCarriesItsContentLengthWhetherSentFromMemoryOrFromTheFile() throws Exception {
		start(Integer.MAX_VALUE, Duration.ZERO);
		Path small = Payloads.multipart(this.work, 10 * 1024);
		Path large = Payloads.multipart(this.work, LoadClient.IN_MEMORY_LIMIT + 1024);

		LoadClient.run(url(), small, "token", 2, 2);
		LoadClient.run(url(), large, "token", 1, 1);

		long smallSize = Files.size(small);
		long largeSize = Files.size(large);
		assertThat(this.contentLengths).containsExactlyInAnyOrder(smallSize, smallSize, largeSize);
		assertThat(this.bytesReceived).containsExactlyInAnyOrder(smallSize, smallSize, largeSize);
	}

	@Test
	void openModelStartsUploadsAtTheRateAndCountsTheirWaitForAConnection() {
		start(Integer.MAX_VALUE, Duration.ofMillis(100));
		Path body = Payloads.multipart(this.work, 1024);

		// 10 uploads due 20 ms apart, one connection, 100 ms per answer: the last one is
		// due at 180 ms but cannot start before 900 ms.
		long before = System.nanoTime();
		LoadClient.Result result = LoadClient.runAtRate(url(), body, "token", 10, 1, 50);

		assertThat(result.failed()).isZero();
		assertThat(this.arrivals.get(9) - before).isGreaterThanOrEqualTo(Duration.ofMillis(900).toNanos());
		assertThat(result.p99Seconds()).isGreaterThanOrEqualTo(0.7);
	}

	@Test
	void openModelDoesNotSendFasterThanTheRate() {
		start(Integer.MAX_VALUE, Duration.ZERO);
		Path body = Payloads.multipart(this.work, 1024);

		long before = System.nanoTime();
		LoadClient.runAtRate(url(), body, "token", 11, 4, 100);

		// The eleventh upload is due 100 ms after the first: none can arrive earlier.
		// (The
		// spacing between first and last arrival is no bound: the first waits for its
		// connection to be set up.)
		assertThat(this.arrivals).hasSize(11);
		assertThat(Collections.max(this.arrivals) - before).isGreaterThanOrEqualTo(Duration.ofMillis(100).toNanos());
	}

	/** Answers 201 to the first {@code created} uploads, 500 to the rest. */
	private void start(int created, Duration delay) {
		this.server = HttpServer.create().host("127.0.0.1").port(0).handle((request, response) -> {
			this.arrivals.add(System.nanoTime());
			this.contentLengths.add(Long.parseLong(request.requestHeaders().get("Content-Length")));
			int index = this.requests.incrementAndGet();
			return request.receive()
				.map((buffer) -> (long) buffer.readableBytes())
				.reduce(0L, Long::sum)
				.doOnNext(this.bytesReceived::add)
				.then(Mono.delay(delay))
				.then(response
					.status((index <= created) ? HttpResponseStatus.CREATED : HttpResponseStatus.INTERNAL_SERVER_ERROR)
					.send());
		}).bindNow();
	}

	private String url() {
		return "http://127.0.0.1:" + this.server.port() + "/upload";
	}

}
