package io.artstore.ingester.admin;

import java.time.Duration;

import reactor.core.publisher.Mono;

/**
 * One lookup in flight for all who miss a held value meanwhile: the token request, the
 * element list per mode. The cache library's own coalescing (Reactor's {@code cache}),
 * with nothing kept after the lookup ends, since what is kept is the caller's to hold.
 */
final class InFlight {

	private InFlight() {
	}

	/**
	 * One subscription to {@code source} while it runs, its outcome (value, error or
	 * nothing) given to every caller that came meanwhile and kept for none after it.
	 * @param source the lookup, subscribed anew once the last one ended
	 * @param <T> what it gives
	 * @return the shared lookup
	 */
	static <T> Mono<T> shared(Mono<T> source) {
		return source.cache((value) -> Duration.ZERO, (error) -> Duration.ZERO, () -> Duration.ZERO);
	}

}
