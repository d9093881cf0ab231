package io.artstore.ingester.upload;

import java.time.Duration;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Function;
import java.util.function.Supplier;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import reactor.core.Disposable;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.context.SmartLifecycle;
import org.springframework.stereotype.Component;

import io.artstore.ingester.admin.AdminProperties;
import io.artstore.ingester.storage.StorageProperties;
import io.artstore.ingester.upload.StrayCopies.StrayCopy;
import io.artstore.ingester.upload.UploadLedger.Claimed;

/**
 * Settles what the upload flow could not know, by asking the services that know (what it
 * does with each finding is {@link UploadSettlement}'s): uploads that are
 * {@code UNCERTAIN}, or {@code RECEIVED} for longer than {@code stale-after} by the
 * database's clock (an ingester that stopped), then copies that may have been left on an
 * element. Each row is claimed alone, with {@code FOR UPDATE SKIP LOCKED} and a lease,
 * and settled within half the lease, so that several ingesters reconcile side by side and
 * a claim never lapses while its row is worked on. A row that cannot be settled is tried
 * again with a doubling pause; after {@code max-attempts} an upload ends
 * {@code UNSETTLED} and a copy {@code ORPHANED}, both counted in
 * {@code ingester.reconciler.unsettled} and listed at {@code /actuator/unsettled}. What
 * each pass found is counted in {@code ingester.reconciler.outcomes}.
 */
@Component
public class Reconciler implements SmartLifecycle {

	private static final Logger logger = LoggerFactory.getLogger(Reconciler.class);

	private final UploadLedger ledger;

	private final StrayCopies strays;

	private final UploadSettlement settlement;

	private final ReconcilerProperties properties;

	private final MeterRegistry meters;

	private final AtomicLong unsettledUploads = new AtomicLong();

	private final AtomicLong orphanedCopies = new AtomicLong();

	private final ObjectProvider<ReconcilerPass> passes;

	private volatile @Nullable Disposable schedule;

	Reconciler(UploadLedger ledger, StrayCopies strays, UploadSettlement settlement, ReconcilerProperties properties,
			UploadProperties upload, StorageProperties storage, AdminProperties admin, MeterRegistry meters,
			ObjectProvider<ReconcilerPass> passes) {
		this.passes = passes;
		this.ledger = ledger;
		this.strays = strays;
		this.settlement = settlement;
		this.properties = properties;
		this.meters = meters;
		if (properties.enabled()) {
			properties.checkAgainst(upload.maxDuration(), storage.maxAttempts(), storage.responseTimeout(),
					admin.timeout());
		}
		Gauge.builder("ingester.reconciler.unsettled", this.unsettledUploads, AtomicLong::get)
			.description("Uploads the reconciler gave up on (UNSETTLED), as of its last pass")
			.tag("kind", "upload")
			.register(meters);
		Gauge.builder("ingester.reconciler.unsettled", this.orphanedCopies, AtomicLong::get)
			.description("Copies recorded as orphans (ORPHANED), as of the reconciler's last pass")
			.tag("kind", "copy")
			.register(meters);
	}

	/**
	 * One pass: up to {@code batch-size} uploads, then up to {@code batch-size} copies
	 * (including those the uploads just noted), each claimed and settled in turn, then
	 * the other features' passes ({@link ReconcilerPass}).
	 * @return what the pass found, by outcome
	 */
	public Mono<Report> reconcile() {
		Report report = new Report();
		Duration lease = this.properties.lease();
		return eachClaimed(() -> this.ledger.claim(this.properties.staleAfter(), lease),
				(claimed) -> settle(claimed, report))
			.then(eachClaimed(() -> this.strays.claim(lease), (copy) -> settle(copy, report)))
			.then(count())
			.onErrorResume((ex) -> {
				logger.warn("Reconciliation of uploads failed: {}", ex.getMessage());
				return Mono.empty();
			})
			.then(Flux.fromStream(this.passes::orderedStream)
				.concatMap((pass) -> pass.reconcile(report::record).onErrorResume((ex) -> {
					logger.warn("Reconciliation pass {} failed: {}", pass.getClass().getSimpleName(), ex.getMessage());
					return Mono.empty();
				}))
				.then())
			.thenReturn(report);
	}

	/**
	 * Claims and settles one row after another, until none is due or the batch is done.
	 */
	private <T> Mono<Void> eachClaimed(Supplier<Mono<T>> claim, Function<T, Mono<Void>> settle) {
		return Flux.range(0, this.properties.batchSize())
			.concatMap((index) -> Mono.defer(claim)
				.flatMap((row) -> settle.apply(row).thenReturn(true))
				.defaultIfEmpty(false), 0)
			.takeWhile((claimedOne) -> claimedOne)
			.then();
	}

	private Mono<Void> settle(Claimed claimed, Report report) {
		Upload row = claimed.row();
		return withinLease(this.settlement.settle(row)).onErrorResume((ex) -> {
			if (claimed.attempts() >= this.properties.maxAttempts()) {
				logger.error("Gave up settling upload {} ({}, element {}) after {} attempts: {}", row.id(),
						row.status(), row.storageElementId(), claimed.attempts(), ex.getMessage());
				return this.settlement
					.giveUp(row, "not settled after " + claimed.attempts() + " attempts: " + ex.getMessage())
					.thenReturn("upload-unsettled");
			}
			logger.info("Upload {} ({}) could not be settled yet: {}", row.id(), row.status(), ex.getMessage());
			return this.ledger.retryLater(row.id(), this.properties.backoff(claimed.attempts()))
				.thenReturn("upload-retry");
		}).onErrorResume((ex) -> {
			logger.warn("Could not record the reconciliation of upload {}: {}", row.id(), ex.getMessage());
			return Mono.just("upload-retry");
		}).doOnNext(report::record).then();
	}

	private Mono<Void> settle(StrayCopy copy, Report report) {
		return withinLease(this.settlement.settle(copy)).onErrorResume((ex) -> {
			if (copy.attempts() >= this.properties.maxAttempts()) {
				logger.error("Orphaned copy {} of upload {} on storage element {} after {} attempts: {}", copy.fileId(),
						copy.uploadId(), copy.elementId(), copy.attempts(), ex.getMessage());
				return this.settlement
					.giveUp(copy, "not settled after " + copy.attempts() + " attempts: " + ex.getMessage())
					.thenReturn("copy-orphaned");
			}
			return this.strays.retryLater(copy, this.properties.backoff(copy.attempts())).thenReturn("copy-retry");
		}).onErrorResume((ex) -> {
			logger.warn("Could not record the check of copy {}: {}", copy.id(), ex.getMessage());
			return Mono.just("copy-retry");
		}).doOnNext(report::record).then();
	}

	/** A claim holds for the lease: the work on its row stops at half of it. */
	private <T> Mono<T> withinLease(Mono<T> work) {
		Duration limit = this.properties.lease().dividedBy(2);
		return work.timeout(limit, Mono.error(() -> new TimeoutException(
				"not settled within " + limit.toSeconds() + " s, half the reconciler's lease")));
	}

	private Mono<Void> count() {
		return this.ledger.countUnsettled()
			.doOnNext(this.unsettledUploads::set)
			.then(this.strays.countOrphaned().doOnNext(this.orphanedCopies::set))
			.onErrorResume((ex) -> Mono.empty())
			.then();
	}

	@Override
	public void start() {
		if (!this.properties.enabled()) {
			return;
		}
		this.schedule = Flux.interval(this.properties.interval(), this.properties.interval())
			.onBackpressureDrop()
			.concatMap((tick) -> reconcile().onErrorResume((ex) -> {
				logger.warn("Reconciliation pass failed: {}", ex.getMessage());
				return Mono.empty();
			}), 0)
			.subscribe();
	}

	@Override
	public void stop() {
		Disposable running = this.schedule;
		if (running != null) {
			running.dispose();
		}
		this.schedule = null;
	}

	@Override
	public boolean isRunning() {
		return this.schedule != null;
	}

	/** What one pass found: outcome to count. */
	public final class Report {

		private final Map<String, AtomicInteger> counts = new ConcurrentHashMap<>();

		void record(String outcome) {
			this.counts.computeIfAbsent(outcome, (key) -> new AtomicInteger()).incrementAndGet();
			Reconciler.this.meters.counter("ingester.reconciler.outcomes", "outcome", outcome).increment();
		}

		/**
		 * How often an outcome was found.
		 * @param outcome for example {@code upload-registered} or {@code copy-deleted}
		 * @return the count
		 */
		public int count(String outcome) {
			AtomicInteger count = this.counts.get(outcome);
			return (count != null) ? count.get() : 0;
		}

		/**
		 * Every outcome with its count.
		 * @return a snapshot
		 */
		public Map<String, Integer> counts() {
			Map<String, Integer> snapshot = new TreeMap<>();
			this.counts.forEach((outcome, count) -> snapshot.put(outcome, count.get()));
			return snapshot;
		}

		/** Whether the pass found nothing to do. */
		public boolean isEmpty() {
			return this.counts.isEmpty();
		}

	}

}
