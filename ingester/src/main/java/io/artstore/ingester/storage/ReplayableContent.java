package io.artstore.ingester.storage;

import java.util.ArrayList;
import java.util.List;

import org.jspecify.annotations.Nullable;
import org.reactivestreams.Subscription;
import reactor.core.publisher.BaseSubscriber;
import reactor.core.publisher.Flux;
import reactor.core.publisher.FluxSink;

import org.springframework.core.io.buffer.DataBuffer;
import org.springframework.core.io.buffer.DataBufferFactory;
import org.springframework.core.io.buffer.DataBufferUtils;
import org.springframework.core.io.buffer.DefaultDataBufferFactory;

/**
 * An upload's content, read once from the caller, that can be sent to more than one
 * storage element: each attempt first replays what earlier attempts already consumed,
 * then continues with the caller's stream. Only the first {@code limit} bytes are kept
 * for replay; once more than that has been read, a failed attempt cannot be followed by
 * another. Memory use is bounded by the limit, whatever the size of the file.
 */
final class ReplayableContent {

	private final Flux<DataBuffer> source;

	private final long limit;

	private final ReplayBudget budget;

	private final Object lock = new Object();

	private final List<byte[]> replay = new ArrayList<>();

	private final Bridge bridge = new Bridge();

	/**
	 * Where the caller's buffers came from: replayed chunks are wrapped by it, so that an
	 * attempt meets one kind of buffer.
	 */
	private DataBufferFactory factory = DefaultDataBufferFactory.sharedInstance;

	private long replayBytes;

	private boolean overflowed;

	private boolean started;

	private boolean completed;

	private @Nullable Throwable failure;

	private @Nullable FluxSink<DataBuffer> sink;

	private long pendingDemand;

	ReplayableContent(Flux<DataBuffer> source, long limit, ReplayBudget budget) {
		this.source = source;
		this.limit = limit;
		this.budget = budget;
	}

	/** Whether another attempt can still send the whole content. */
	boolean canStartAttempt() {
		synchronized (this.lock) {
			return !this.overflowed;
		}
	}

	/** The content for one attempt; subscribe to it once. */
	Flux<DataBuffer> attempt() {
		return Flux.create((attemptSink) -> {
			boolean subscribe;
			synchronized (this.lock) {
				if (this.overflowed) {
					attemptSink.error(new ContentNotReplayableException());
					return;
				}
				for (byte[] chunk : this.replay) {
					attemptSink.next(this.factory.wrap(chunk));
				}
				if (this.failure != null) {
					attemptSink.error(this.failure);
					return;
				}
				if (this.completed) {
					attemptSink.complete();
					return;
				}
				this.sink = attemptSink;
				subscribe = !this.started;
				this.started = true;
			}
			attemptSink.onRequest(this::request);
			attemptSink.onDispose(() -> {
				synchronized (this.lock) {
					if (this.sink == attemptSink) {
						this.sink = null;
					}
				}
			});
			if (subscribe) {
				this.source.subscribe(this.bridge);
			}
		});
	}

	/** Stops reading the caller's stream and drops the replay buffer. */
	void dispose() {
		this.bridge.dispose();
		synchronized (this.lock) {
			dropReplay();
			this.sink = null;
		}
	}

	private void dropReplay() {
		this.budget.giveBack(this.replayBytes);
		this.replay.clear();
		this.replayBytes = 0;
	}

	private void request(long n) {
		synchronized (this.lock) {
			if (this.bridge.subscription() == null) {
				this.pendingDemand = Math.min(Long.MAX_VALUE - n, this.pendingDemand) + n;
				return;
			}
		}
		this.bridge.request(n);
	}

	private void record(DataBuffer buffer) {
		if (this.overflowed) {
			return;
		}
		int length = buffer.readableByteCount();
		if (this.replayBytes + length > this.limit || !this.budget.tryTake(length)) {
			this.overflowed = true;
			dropReplay();
			return;
		}
		byte[] copy = new byte[length];
		buffer.toByteBuffer(buffer.readPosition(), java.nio.ByteBuffer.wrap(copy), 0, length);
		this.factory = buffer.factory();
		this.replay.add(copy);
		this.replayBytes += length;
	}

	private final class Bridge extends BaseSubscriber<DataBuffer> {

		private volatile @Nullable Subscription subscription;

		@Nullable Subscription subscription() {
			return this.subscription;
		}

		@Override
		protected void hookOnSubscribe(Subscription subscription) {
			long demand;
			synchronized (ReplayableContent.this.lock) {
				this.subscription = subscription;
				demand = ReplayableContent.this.pendingDemand;
				ReplayableContent.this.pendingDemand = 0;
			}
			if (demand > 0) {
				subscription.request(demand);
			}
		}

		@Override
		protected void hookOnNext(DataBuffer buffer) {
			synchronized (ReplayableContent.this.lock) {
				record(buffer);
				FluxSink<DataBuffer> target = ReplayableContent.this.sink;
				// An attempt whose element went away (a reset, a timeout) is cancelled;
				// its sink would drop the buffer without releasing it.
				if (target != null && !target.isCancelled()) {
					target.next(buffer);
					return;
				}
			}
			DataBufferUtils.release(buffer);
		}

		@Override
		protected void hookOnComplete() {
			FluxSink<DataBuffer> target;
			synchronized (ReplayableContent.this.lock) {
				ReplayableContent.this.completed = true;
				target = ReplayableContent.this.sink;
			}
			if (target != null) {
				target.complete();
			}
		}

		@Override
		protected void hookOnError(Throwable error) {
			FluxSink<DataBuffer> target;
			synchronized (ReplayableContent.this.lock) {
				ReplayableContent.this.failure = error;
				target = ReplayableContent.this.sink;
			}
			if (target != null) {
				target.error(error);
			}
		}

	}

}
