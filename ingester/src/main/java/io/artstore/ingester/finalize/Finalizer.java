package io.artstore.ingester.finalize;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;

import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.util.retry.Retry;

import org.springframework.core.io.buffer.DataBuffer;
import org.springframework.core.io.buffer.DataBufferUtils;
import org.springframework.http.MediaType;
import org.springframework.stereotype.Component;

import io.artstore.ingester.admin.FileFinalization;
import io.artstore.ingester.admin.FileRegistry;
import io.artstore.ingester.admin.RegisteredFile;
import io.artstore.ingester.admin.RegistrationRefusedException;
import io.artstore.ingester.admin.RegistrationUncertainException;
import io.artstore.ingester.admin.StorageElement;
import io.artstore.ingester.admin.StorageElementDirectory;
import io.artstore.ingester.finalize.FinalizationLedger.Move;
import io.artstore.ingester.problem.ProblemException;
import io.artstore.ingester.problem.ProblemType;
import io.artstore.ingester.storage.ContentInspector;
import io.artstore.ingester.storage.CopyMissingException;
import io.artstore.ingester.storage.OutgoingFile;
import io.artstore.ingester.storage.Placement;
import io.artstore.ingester.storage.PlacementJournal;
import io.artstore.ingester.storage.StoragePlacer;
import io.artstore.ingester.storage.StorageProperties;
import io.artstore.ingester.storage.StoredCopy;

/**
 * Decides and does every step of a finalization, for the flow that starts it and for the
 * reconciler that finds it left behind. The flow: name an rw element in the row, stream
 * the source element's download into that element's upload under the same file id
 * (hashing on the way), check the copy's size and SHA-256 against the registry's, read
 * the target's metadata back and check it again, then tell the Admin Module; only its
 * answer makes a finalization {@code COMPLETED}. A failed step ends {@code FAILED} with a
 * problem type, and the target's copy is removed ({@code ROLLED_BACK}) unless the
 * registry names it. The source copy is removed after {@code cleanup-after}.
 */
@Component
class Finalizer {

	private static final Logger logger = LoggerFactory.getLogger(Finalizer.class);

	private static final String REMOVED = "REMOVED";

	private static final String KEPT = "KEPT";

	private final FinalizationLedger ledger;

	private final FileRegistry registry;

	private final StorageElementDirectory directory;

	private final StoragePlacer placer;

	private final FinalizeProperties properties;

	private final int maxTargets;

	private final Clock clock = Clock.systemUTC();

	Finalizer(FinalizationLedger ledger, FileRegistry registry, StorageElementDirectory directory, StoragePlacer placer,
			FinalizeProperties properties, StorageProperties storage) {
		this.ledger = ledger;
		this.registry = registry;
		this.directory = directory;
		this.placer = placer;
		this.properties = properties;
		this.maxTargets = storage.maxAttempts();
	}

	/**
	 * Runs a started finalization as far as it goes, showing the ledger that it is alive
	 * meanwhile.
	 * @param started the row as inserted
	 * @param file what the registry holds about the file
	 * @return the row as it ended; never fails (a failure is written to the row, or left
	 * for the reconciler when even that fails)
	 */
	Mono<Finalization> run(Finalization started, RegisteredFile file) {
		AtomicReference<Finalization> row = new AtomicReference<>(started);
		Mono<Finalization> work = this.directory.element(file.storageElementId())
			.switchIfEmpty(Mono.error(() -> new ProblemException(ProblemType.SOURCE_COPY_MISSING,
					"The Admin Module does not know storage element " + file.storageElementId())))
			.zipWith(this.directory.candidates("rw"))
			.flatMap((found) -> copy(row, file, found.getT1(), targets(found.getT2(), found.getT1()), 0))
			.flatMap((copied) -> verify(row, copied))
			.flatMap((verified) -> record(row))
			.onErrorResume((ex) -> failed(row, ex));
		return Mono.firstWithSignal(work, heartbeatLost(row))
			.doOnDiscard(DataBuffer.class, DataBufferUtils::release)
			.onErrorResume((ex) -> {
				logger.warn("Finalization {} of file {} stopped at {}, for the reconciler to settle: {}",
						started.transactionId(), started.fileId(), row.get().status(), ex.getMessage());
				return Mono.just(row.get());
			});
	}

	/**
	 * Shows the ledger every {@code heartbeat} that the finalization is alive, and fails
	 * once two signs of life in a row did not land while the row was in flight (the
	 * database cannot be written in time, or another writer moved the row on): the flow
	 * then stops before a reconciler could take the row for one left behind, at
	 * {@code stale-after}. A row the flow itself moved on (failed, its copy being
	 * removed) needs no sign of life: no reconciler takes it before {@code stale-after}.
	 */
	private Mono<Finalization> heartbeatLost(AtomicReference<Finalization> row) {
		UUID transactionId = row.get().transactionId();
		Duration heartbeat = this.properties.heartbeat();
		AtomicInteger missed = new AtomicInteger();
		return Flux.interval(heartbeat)
			.concatMap((tick) -> this.ledger.touch(transactionId).timeout(heartbeat).onErrorReturn(false))
			.filter((touched) -> {
				if (touched || !row.get().status().inFlight()) {
					missed.set(0);
					return false;
				}
				return missed.incrementAndGet() >= 2;
			})
			.next()
			.then(Mono.error(() -> new IllegalStateException(
					"its row could not be kept alive for half of ingester.finalize.stale-after")));
	}

	/** The rw elements to try, never the one that holds the source copy. */
	private List<StorageElement> targets(List<StorageElement> candidates, StorageElement source) {
		return candidates.stream()
			.filter((candidate) -> !candidate.elementId().equals(source.elementId()))
			.limit(this.maxTargets)
			.toList();
	}

	/**
	 * Sends the file to the first rw element that takes it. Each is named in the row
	 * before a byte goes there. The next is tried only when the placer says that nothing
	 * was stored (it was refused, or could not be reached); one that may hold a copy ends
	 * the finalization, named in the row, so that the row names every element that may
	 * hold a copy.
	 */
	private Mono<Copied> copy(AtomicReference<Finalization> row, RegisteredFile file, StorageElement source,
			List<StorageElement> targets, int index) {
		if (index >= targets.size()) {
			return Mono.error(new ProblemException(ProblemType.NO_STORAGE_AVAILABLE,
					"No rw storage element is available for file " + file.fileId()));
		}
		StorageElement target = targets.get(index);
		TargetJournal journal = new TargetJournal();
		return this.ledger.target(row.get(), target.elementId(), target.apiUrl())
			.switchIfEmpty(Mono.error(() -> movedOn(row.get())))
			.doOnNext(row::set)
			.then(Mono.defer(() -> copyTo(row.get(), file, source, target, journal)))
			.onErrorMap((ex) -> journal.mayHold, TargetMayHoldCopyException::new)
			.onErrorMap((ex) -> isElementFailure(ex) && index + 1 >= targets.size(), NothingStoredException::new)
			.onErrorResume((ex) -> isElementFailure(ex), (ex) -> {
				logger.info("Storage element {} did not take file {} for finalization {}: {}", target.elementId(),
						file.fileId(), row.get().transactionId(), ex.getMessage());
				return copy(row, file, source, targets, index + 1);
			});
	}

	/** Streams the source's download into the target's upload, hashing on the way. */
	private Mono<Copied> copyTo(Finalization row, RegisteredFile file, StorageElement source, StorageElement target,
			TargetJournal journal) {
		ContentInspector inspector = new ContentInspector(Long.MAX_VALUE);
		Flux<DataBuffer> content = inspector.inspect(this.placer.download(source.apiUrl(), file.fileId()));
		OutgoingFile outgoing = new OutgoingFile(Objects.requireNonNullElse(file.originalFilename(), "file"),
				contentType(file.contentType()), "permanent", row.transactionId(),
				Mono.just(Objects.requireNonNullElse(file.description(), "")));
		return this.placer.store(List.of(target), content, outgoing, file.fileId(), journal)
			.onErrorMap(Finalizer::sourceFailure)
			.map((placement) -> new Copied(placement, inspector.size(), inspector.checksum()));
	}

	/**
	 * The copy must be the registered file: the bytes read from the source, what the
	 * target says it stored, and then what its metadata says.
	 */
	private Mono<Copied> verify(AtomicReference<Finalization> row, Copied copied) {
		Finalization current = row.get();
		StoredCopy stored = copied.placement().copy();
		if (copied.size() != current.fileSize() || !copied.checksum().equalsIgnoreCase(current.checksum())
				|| stored.fileSize() != current.fileSize() || !current.checksum().equalsIgnoreCase(stored.checksum())) {
			return Mono.error(new ProblemException(ProblemType.CHECKSUM_MISMATCH,
					"The registry holds " + current.fileSize() + " bytes with SHA-256 " + current.checksum()
							+ "; the source sent " + copied.size() + " bytes with SHA-256 " + copied.checksum()
							+ " and the target stored " + stored.fileSize() + " bytes with SHA-256 "
							+ stored.checksum()));
		}
		return move(row, Move.verified(FinalizeStatus.COPIED)).then(Mono.defer(() -> targetChecksum(current)))
			.flatMap((checksum) -> checksum.equalsIgnoreCase(current.checksum())
					? move(row, Move.verified(FinalizeStatus.VERIFYING)).thenReturn(copied)
					: Mono.error(new ProblemException(ProblemType.CHECKSUM_MISMATCH, "Storage element "
							+ current.targetElementId() + " describes the copy with SHA-256 " + checksum)));
	}

	/**
	 * The target's metadata, read back up to {@code verify-attempts} times (an element
	 * may describe a file a moment after it answered its upload).
	 */
	private Mono<String> targetChecksum(Finalization row) {
		String targetUrl = Objects.requireNonNull(row.targetElementUrl());
		return this.placer.findCopy(targetUrl, row.fileId())
			.switchIfEmpty(Mono.error(() -> new IllegalStateException("it holds no copy")))
			.map(StoredCopy::checksum)
			.retryWhen(Retry.backoff(Math.max(this.properties.verifyAttempts() - 1, 0), Duration.ofMillis(200)))
			.onErrorMap((ex) -> new ProblemException(ProblemType.STORAGE_ELEMENT_FAILED,
					"Storage element " + row.targetElementId() + " did not describe the copy of file " + row.fileId()
							+ ": " + ex.getMessage()));
	}

	/**
	 * Tells the Admin Module that the file is permanent on the target. Completed on its
	 * answer; an answer that was lost leaves the row {@code VERIFYING} for the
	 * reconciler, which asks the registry.
	 */
	private Mono<Finalization> record(AtomicReference<Finalization> row) {
		Finalization current = row.get();
		Instant finalizedAt = this.clock.instant();
		return this.registry
			.recordFinalized(current.fileId(),
					new FileFinalization(Objects.requireNonNull(current.targetElementId()), current.storagePath(),
							finalizedAt))
			.then(Mono.defer(() -> move(row, Move.completed(finalizedAt, this.properties.cleanupAfter()))))
			.onErrorResume(RegistrationUncertainException.class, (ex) -> {
				logger.warn(
						"Finalization {} of file {}: the Admin Module's answer was lost; the reconciler asks it: {}",
						current.transactionId(), current.fileId(), ex.getMessage());
				return Mono.just(row.get());
			});
	}

	/**
	 * A step failed: the row says which, and the target's copy is removed unless the
	 * registry names it.
	 */
	private Mono<Finalization> failed(AtomicReference<Finalization> row, Throwable failure) {
		Finalization current = row.get();
		if (failure instanceof MovedOnException) {
			return Mono.just(current);
		}
		logger.warn("Finalization {} of file {} failed at {}: {}", current.transactionId(), current.fileId(),
				current.status(), failure.getMessage());
		if (failure instanceof TargetMayHoldCopyException mayHold) {
			// the element may still be writing the copy: a reconciler removes it later
			Throwable cause = Objects.requireNonNullElse(mayHold.getCause(), mayHold);
			return move(row, failedWith(cause, this.properties.staleAfter()));
		}
		if (failure instanceof NothingStoredException nothing) {
			// the last element refused or could not be reached: no copy to remove
			Throwable cause = Objects.requireNonNullElse(nothing.getCause(), nothing);
			return move(row, failedWith(cause, Duration.ZERO).withoutTarget());
		}
		return move(row, failedWith(failure, this.properties.staleAfter()))
			.flatMap((failedRow) -> (failedRow.targetElementId() != null) ? undo(failedRow) : Mono.just(failedRow));
	}

	/**
	 * Settles a finalization that the reconciler claimed: one left in flight resumes when
	 * the target holds the checked copy, and is undone otherwise; a failed one is undone;
	 * a completed one has its source copy removed once due.
	 * @return what was found, for the reconciler's count
	 */
	Mono<String> settle(Finalization row) {
		if (row.status().inFlight()) {
			return resume(row);
		}
		if (row.status() == FinalizeStatus.FAILED) {
			return undo(row).map((undone) -> "finalization-" + undone.status().value());
		}
		if (row.status() == FinalizeStatus.COMPLETED && "PENDING".equals(row.sourceCleanup())) {
			return cleanUp(row);
		}
		return Mono.just("finalization-moved-on");
	}

	private Mono<String> resume(Finalization row) {
		AtomicReference<Finalization> current = new AtomicReference<>(row);
		return this.registry.registeredFile(row.fileId()).flatMap((file) -> {
			if (file.isPermanentOn(row.targetElementId())) {
				Instant at = Objects.requireNonNullElse(file.finalizedAt(), this.clock.instant());
				return move(current, Move.completed(at, this.properties.cleanupAfter())).thenReturn("completed");
			}
			if (row.targetElementId() == null) {
				return move(current,
						Move.failed(ProblemType.FINALIZATION_INTERRUPTED.type(),
								"The ingester stopped before a byte went to an rw element", Duration.ZERO))
					.thenReturn("failed");
			}
			if (!file.isTemporary()) {
				return interrupted(current, "The registry no longer holds the file as temporary").thenReturn("undone");
			}
			return this.placer.findCopy(Objects.requireNonNull(row.targetElementUrl()), row.fileId())
				.filter((copy) -> copy.fileSize() == row.fileSize() && row.checksum().equalsIgnoreCase(copy.checksum()))
				.flatMap((copy) -> move(current, Move.verified(FinalizeStatus.VERIFYING))
					.then(Mono.defer(() -> record(current)))
					.flatMap((recorded) -> (recorded.status() == FinalizeStatus.COMPLETED) ? Mono.just("resumed")
							: Mono
								.error(new RegistrationUncertainException("the Admin Module's answer was lost again")))
					.onErrorResume(RegistrationRefusedException.class,
							(refused) -> failed(current, refused).thenReturn("undone")))
				.switchIfEmpty(Mono.defer(() -> interrupted(current,
						"The ingester stopped before the copy was checked; the target holds no checked copy")
					.thenReturn("undone")));
		})
			.switchIfEmpty(Mono
				.defer(() -> interrupted(current, "The registry no longer holds the file").thenReturn("undone")))
			.map((outcome) -> "finalization-" + outcome);
	}

	private Mono<Finalization> interrupted(AtomicReference<Finalization> row, String why) {
		return move(row, Move.failed(ProblemType.FINALIZATION_INTERRUPTED.type(), why, this.properties.staleAfter()))
			.flatMap(this::undo);
	}

	/**
	 * Removes a failed finalization's target copy, unless the registry names it there
	 * (its record landed after all): then the finalization completed.
	 */
	private Mono<Finalization> undo(Finalization failedRow) {
		AtomicReference<Finalization> row = new AtomicReference<>(failedRow);
		String targetId = Objects.requireNonNull(failedRow.targetElementId());
		return this.registry.registeredFile(failedRow.fileId())
			.filter((file) -> file.isPermanentOn(targetId))
			.flatMap((file) -> move(row,
					Move.completed(Objects.requireNonNullElse(file.finalizedAt(), this.clock.instant()),
							this.properties.cleanupAfter())))
			.switchIfEmpty(Mono.defer(
					() -> this.placer.delete(Objects.requireNonNull(failedRow.targetElementUrl()), failedRow.fileId())
						.then(Mono.defer(() -> move(row, Move.rolledBack())))))
			.onErrorResume((ex) -> {
				logger.warn("Finalization {}: the copy on {} is not removed yet; the reconciler tries again: {}",
						failedRow.transactionId(), targetId, ex.getMessage());
				return Mono.just(row.get());
			});
	}

	/**
	 * Removes the source copy of a completed finalization, once the registry names the
	 * target: a copy the registry names is never removed.
	 */
	private Mono<String> cleanUp(Finalization row) {
		return this.registry.registeredFile(row.fileId())
			.filter((file) -> file.isPermanentOn(row.targetElementId())
					&& !row.sourceElementId().equals(row.targetElementId()))
			.flatMap((file) -> this.directory.element(row.sourceElementId())
				.switchIfEmpty(Mono.error(() -> new IllegalStateException(
						"the Admin Module does not know storage element " + row.sourceElementId())))
				.flatMap((source) -> this.placer.delete(source.apiUrl(), row.fileId()))
				.then(this.ledger.sourceCleaned(row, REMOVED))
				.thenReturn("finalization-source-removed"))
			.switchIfEmpty(Mono.defer(() -> {
				logger.warn("Finalization {}: the registry does not name {} for file {}; its source copy is kept",
						row.transactionId(), row.targetElementId(), row.fileId());
				return this.ledger.sourceCleaned(row, KEPT).thenReturn("finalization-source-kept");
			}));
	}

	private Mono<Finalization> move(AtomicReference<Finalization> row, Move move) {
		Finalization from = row.get();
		return this.ledger.move(from, move).switchIfEmpty(Mono.error(() -> movedOn(from))).doOnNext(row::set);
	}

	private static MovedOnException movedOn(Finalization row) {
		return new MovedOnException(
				"Finalization " + row.transactionId() + " moved on from " + row.status() + " meanwhile");
	}

	private static boolean isElementFailure(Throwable ex) {
		return ex instanceof ProblemException problem
				&& (problem.type().equals(ProblemType.STORAGE_ELEMENT_FAILED.type())
						|| problem.type().equals(ProblemType.NO_STORAGE_AVAILABLE.type()));
	}

	/** A failure of the download, as the placer reports a failing content. */
	private static Throwable sourceFailure(Throwable ex) {
		for (Throwable cause = ex; cause != null; cause = cause.getCause()) {
			if (cause instanceof CopyMissingException missing) {
				return new ProblemException(ProblemType.SOURCE_COPY_MISSING, missing.getMessage());
			}
			if (cause instanceof ProblemException problem) {
				return problem;
			}
		}
		return ex;
	}

	/**
	 * The problem type a failure is written down with; the caller is told its title only,
	 * nothing of hosts or answers (those are logged).
	 */
	private static ProblemType problemOf(Throwable failure) {
		if (failure instanceof RegistrationRefusedException) {
			return ProblemType.REGISTRATION_FAILED;
		}
		return (failure instanceof ProblemException problem) ? problem.problemType()
				: ProblemType.STORAGE_ELEMENT_FAILED;
	}

	private static Move failedWith(Throwable failure, Duration settleAfter) {
		ProblemType problem = problemOf(failure);
		return Move.failed(problem.type(), problem.title(), settleAfter);
	}

	private static MediaType contentType(@Nullable String value) {
		try {
			return (value != null) ? MediaType.parseMediaType(value) : MediaType.APPLICATION_OCTET_STREAM;
		}
		catch (IllegalArgumentException ex) {
			return MediaType.APPLICATION_OCTET_STREAM;
		}
	}

	/**
	 * The row names the target before the placer is called: what is left to know is
	 * whether the placer found that the target may hold a copy that no answer told of.
	 */
	private static final class TargetJournal implements PlacementJournal {

		private volatile boolean mayHold;

		@Override
		public Mono<Void> attempting(StorageElement element) {
			return Mono.empty();
		}

		@Override
		public Mono<Void> mayHold(StorageElement element, String reason) {
			this.mayHold = true;
			return Mono.empty();
		}

	}

	/** The target failed after the file went out, and may hold a copy all the same. */
	private static final class TargetMayHoldCopyException extends RuntimeException {

		private static final long serialVersionUID = 1L;

		TargetMayHoldCopyException(Throwable cause) {
			super(cause.getMessage(), cause, false, false);
		}

	}

	/** The copy as the target answered it, with the size and SHA-256 sent. */
	private record Copied(Placement placement, long size, String checksum) {
	}

	/** The last element tried stored nothing (it refused, or could not be reached). */
	private static final class NothingStoredException extends RuntimeException {

		private static final long serialVersionUID = 1L;

		NothingStoredException(Throwable cause) {
			super(cause.getMessage(), cause, false, false);
		}

	}

	/** Another writer moved the row on: this one stops without writing. */
	private static final class MovedOnException extends RuntimeException {

		private static final long serialVersionUID = 1L;

		MovedOnException(String message) {
			super(message, null, false, false);
		}

	}

}
