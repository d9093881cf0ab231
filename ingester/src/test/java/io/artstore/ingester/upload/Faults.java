package io.artstore.ingester.upload;

import java.time.Duration;
import java.util.Map;
import java.util.Queue;
import java.util.Random;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicInteger;

import reactor.core.publisher.Mono;
import reactor.netty.Connection;

import org.springframework.core.io.buffer.DataBufferUtils;
import org.springframework.http.HttpMethod;
import org.springframework.http.server.reactive.ServerHttpRequestDecorator;
import org.springframework.web.reactive.function.server.HandlerFilterFunction;
import org.springframework.web.reactive.function.server.ServerRequest;
import org.springframework.web.reactive.function.server.ServerResponse;

/**
 * Faults injected in front of the reference producers: chosen at random with fixed odds
 * (from a seed, so that a run can be repeated) or forced for the next calls. Every fault
 * that was injected is counted by kind.
 */
final class Faults {

	/** What an element may do to an upload. */
	enum ElementFault {

		/** 507 before reading the body: certainly not stored. */
		FULL,
		/** 503: certainly not stored. */
		UNAVAILABLE,
		/** The connection is closed after some of the body: not stored. */
		RESET_MID_BODY,
		/** Stored, then answered 500: the answer is lost. */
		STORED_THEN_500,
		/** Stored, then answered after the ingester stopped waiting. */
		STORED_THEN_SLOW

	}

	/** What the Admin Module may do to a registration. */
	enum AdminFault {

		/** 500 without registering. */
		FAILED_500,
		/** Registered, then answered 500. */
		REGISTERED_THEN_500,
		/**
		 * Registered, then answered 400, as the real registry does when the event it
		 * publishes after storing needs fields it did not check.
		 */
		REGISTERED_THEN_400,
		/** Registered, then answered after the ingester stopped waiting. */
		REGISTERED_THEN_SLOW,
		/** Registered only after the ingester stopped waiting. */
		SLOW_THEN_REGISTERED

	}

	private final Random random;

	private final Duration slowerThanTheIngester;

	private final Map<String, AtomicInteger> injected = new ConcurrentHashMap<>();

	private final Queue<ElementFault> forcedElementFaults = new ConcurrentLinkedQueue<>();

	private final Queue<AdminFault> forcedAdminFaults = new ConcurrentLinkedQueue<>();

	private final AtomicInteger deleteRefusals = new AtomicInteger();

	private final AtomicInteger lookupFailures = new AtomicInteger();

	private volatile boolean randomOn;

	Faults(long seed, Duration slowerThanTheIngester) {
		this.random = new Random(seed);
		this.slowerThanTheIngester = slowerThanTheIngester;
	}

	/** No random faults, and no forced faults left over. */
	void reset() {
		this.randomOn = false;
		this.forcedElementFaults.clear();
		this.forcedAdminFaults.clear();
		this.deleteRefusals.set(0);
		this.lookupFailures.set(0);
	}

	/** The next look-ups of a file id fail with 503, so that the ingester cannot tell. */
	void failLookups(int count) {
		this.lookupFailures.set(count);
	}

	/** The next deletes are refused with 400, as an element in rw mode refuses them. */
	void refuseDeletes(int count) {
		this.deleteRefusals.set(count);
	}

	/** Turns random faults on or off; forced faults apply either way. */
	void random(boolean on) {
		this.randomOn = on;
	}

	void forceNext(ElementFault fault) {
		this.forcedElementFaults.add(fault);
	}

	void forceNext(AdminFault fault) {
		this.forcedAdminFaults.add(fault);
	}

	/** Every fault injected so far, by kind. */
	Map<String, Integer> injected() {
		Map<String, Integer> snapshot = new TreeMap<>();
		this.injected.forEach((kind, count) -> snapshot.put(kind, count.get()));
		return snapshot;
	}

	int total() {
		return this.injected.values().stream().mapToInt(AtomicInteger::get).sum();
	}

	HandlerFilterFunction<ServerResponse, ServerResponse> element(String elementId) {
		return (request, next) -> {
			if (request.method() == HttpMethod.DELETE
					&& this.deleteRefusals.getAndUpdate((n) -> Math.max(0, n - 1)) > 0) {
				count(elementId.replaceAll("-\\d+$", "") + ":REFUSED_DELETE");
				return ServerResponse.badRequest()
					.bodyValue(Map.of("detail", "Storage element is in rw mode: deletes need edit"));
			}
			if (request.method() == HttpMethod.GET && request.path().contains("/api/v1/files/")
					&& this.lookupFailures.getAndUpdate((n) -> Math.max(0, n - 1)) > 0) {
				count(elementId.replaceAll("-\\d+$", "") + ":FAILED_LOOKUP");
				return ServerResponse.status(503).bodyValue(Map.of("detail", "Service unavailable"));
			}
			if (request.method() != HttpMethod.POST || !request.path().endsWith("/api/v1/files/upload")) {
				return next.handle(request);
			}
			ElementFault fault = elementFault();
			if (fault == null) {
				return next.handle(request);
			}
			count(elementId.replaceAll("-\\d+$", "") + ":" + fault);
			return switch (fault) {
				case FULL -> ServerResponse.status(507).bodyValue(Map.of("detail", "Insufficient storage"));
				case UNAVAILABLE -> ServerResponse.status(503).bodyValue(Map.of("detail", "Maintenance"));
				case RESET_MID_BODY -> request.exchange()
					.getRequest()
					.getBody()
					.take(2)
					.doOnNext(DataBufferUtils::release)
					.then(Mono.fromRunnable(() -> connection(request).dispose()))
					.then(Mono.never());
				case STORED_THEN_500 -> next.handle(request).flatMap((stored) -> ServerResponse.status(500).build());
				case STORED_THEN_SLOW -> next.handle(request).delayElement(this.slowerThanTheIngester);
			};
		};
	}

	HandlerFilterFunction<ServerResponse, ServerResponse> admin() {
		return (request, next) -> {
			if (request.method() != HttpMethod.POST || !request.path().equals("/api/v1/files")) {
				return next.handle(request);
			}
			AdminFault fault = adminFault();
			if (fault == null) {
				return next.handle(request);
			}
			count("admin:" + fault);
			return switch (fault) {
				case FAILED_500 -> request.bodyToMono(String.class).then(ServerResponse.status(500).build());
				case REGISTERED_THEN_500 ->
					next.handle(request).flatMap((registered) -> ServerResponse.status(500).build());
				case REGISTERED_THEN_400 -> next.handle(request)
					.flatMap((registered) -> ServerResponse.status(400)
						.bodyValue(Map.of("detail", "1 validation error for FileMetadataEvent")));
				case REGISTERED_THEN_SLOW -> next.handle(request).delayElement(this.slowerThanTheIngester);
				case SLOW_THEN_REGISTERED -> request.bodyToMono(String.class).flatMap((body) -> {
					// Registered later, whatever becomes of this connection: the ingester
					// gives up on it and closes it, which cancels this handler.
					Mono.delay(this.slowerThanTheIngester)
						.flatMap((tick) -> next.handle(ServerRequest.from(request).body(body).build()))
						.subscribe();
					return Mono.never();
				});
			};
		};
	}

	private ElementFault elementFault() {
		ElementFault forced = this.forcedElementFaults.poll();
		if (forced != null || !this.randomOn) {
			return forced;
		}
		int roll;
		synchronized (this.random) {
			roll = this.random.nextInt(100);
		}
		// 4 % of each kind: 20 % of attempts fail somehow
		return (roll < 20) ? ElementFault.values()[roll / 4] : null;
	}

	private AdminFault adminFault() {
		AdminFault forced = this.forcedAdminFaults.poll();
		if (forced != null || !this.randomOn) {
			return forced;
		}
		int roll;
		synchronized (this.random) {
			roll = this.random.nextInt(100);
		}
		// 3 % of each kind: 12 % of registrations fail somehow
		return (roll < 12) ? AdminFault.values()[roll / 3] : null;
	}

	private void count(String kind) {
		this.injected.computeIfAbsent(kind, (key) -> new AtomicInteger()).incrementAndGet();
	}

	private static Connection connection(ServerRequest request) {
		Object nativeRequest = ServerHttpRequestDecorator.getNativeRequest(request.exchange().getRequest());
		return (Connection) nativeRequest;
	}

}
