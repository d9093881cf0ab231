package io.artstore.contract.verifier;

import java.util.function.Supplier;

import org.jspecify.annotations.Nullable;

/** A supplier that computes its value once, on first use. */
final class Memoized<T> implements Supplier<T> {

	private final Supplier<T> delegate;

	private volatile @Nullable T value;

	private Memoized(Supplier<T> delegate) {
		this.delegate = delegate;
	}

	static <T> Supplier<T> of(Supplier<T> delegate) {
		return new Memoized<>(delegate);
	}

	@Override
	public synchronized T get() {
		T current = this.value;
		if (current == null) {
			current = this.delegate.get();
			this.value = current;
		}
		return current;
	}

}
