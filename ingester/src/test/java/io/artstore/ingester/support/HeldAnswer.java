package io.artstore.ingester.support;

import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Predicate;

import reactor.core.publisher.Mono;

import org.springframework.web.reactive.function.server.HandlerFilterFunction;
import org.springframework.web.reactive.function.server.ServerRequest;
import org.springframework.web.reactive.function.server.ServerResponse;

/**
 * An answer a reference producer never gives, once armed: for the next request that
 * matches, the producer does its work and the answer is held (a lost answer), or the
 * request is held before any work (a service that hangs). For tests that kill or time out
 * an ingester at a chosen step.
 */
public final class HeldAnswer {

	private final Predicate<ServerRequest> matches;

	private final boolean afterTheWork;

	private final AtomicBoolean armed = new AtomicBoolean();

	private final CountDownLatch reached = new CountDownLatch(1);

	private HeldAnswer(Predicate<ServerRequest> matches, boolean afterTheWork) {
		this.matches = matches;
		this.afterTheWork = afterTheWork;
	}

	/** The producer does the request's work; its answer is held. */
	public static HeldAnswer afterTheWork(Predicate<ServerRequest> matches) {
		return new HeldAnswer(matches, true);
	}

	/** The request is held before the producer does anything. */
	public static HeldAnswer beforeTheWork(Predicate<ServerRequest> matches) {
		return new HeldAnswer(matches, false);
	}

	/** Holds the next matching request. */
	public void arm() {
		this.armed.set(true);
	}

	/**
	 * Waits until a matching request was held (after its work, when held after it).
	 * @return whether it was within the timeout
	 */
	public boolean awaitHeld(Duration timeout) throws InterruptedException {
		return this.reached.await(timeout.toMillis(), TimeUnit.MILLISECONDS);
	}

	/**
	 * Holds what it is armed for, or hands the request on.
	 * @param request the request
	 * @param next the producer
	 * @return the answer, or one that never comes
	 */
	public Mono<ServerResponse> handle(ServerRequest request,
			org.springframework.web.reactive.function.server.HandlerFunction<ServerResponse> next) {
		if (!this.matches.test(request) || !this.armed.compareAndSet(true, false)) {
			return next.handle(request);
		}
		if (!this.afterTheWork) {
			this.reached.countDown();
			return Mono.never();
		}
		return next.handle(request).flatMap((done) -> {
			this.reached.countDown();
			return Mono.never();
		});
	}

	/**
	 * A filter for a producer's routes that applies the given held answers in turn.
	 * @param held the answers
	 * @return the filter
	 */
	public static HandlerFilterFunction<ServerResponse, ServerResponse> filter(HeldAnswer... held) {
		HandlerFilterFunction<ServerResponse, ServerResponse> filter = (request, next) -> next.handle(request);
		for (HeldAnswer answer : held) {
			filter = filter.andThen((request, next) -> answer.handle(request, next));
		}
		return filter;
	}

}
