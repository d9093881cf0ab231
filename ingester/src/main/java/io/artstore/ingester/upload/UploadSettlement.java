package io.artstore.ingester.upload;

import java.time.Clock;
import java.time.Duration;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Function;
import java.util.UUID;

import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import reactor.core.publisher.Mono;

import org.springframework.http.HttpHeaders;
import org.springframework.stereotype.Component;

import io.artstore.ingester.admin.AdminProperties;
import io.artstore.ingester.admin.FileRegistry;
import io.artstore.ingester.admin.RegisteredFile;
import io.artstore.ingester.admin.RegistrationRefusedException;
import io.artstore.ingester.admin.RegistrationUncertainException;
import io.artstore.ingester.admin.StorageElement;
import io.artstore.ingester.admin.StorageElementDirectory;
import io.artstore.ingester.problem.ProblemException;
import io.artstore.ingester.problem.ProblemType;
import io.artstore.ingester.storage.CopyNotDeletableException;
import io.artstore.ingester.storage.NoElementStoredException;
import io.artstore.ingester.storage.Placement;
import io.artstore.ingester.storage.PlacementJournal;
import io.artstore.ingester.storage.StorageProperties;
import io.artstore.ingester.storage.StoragePlacer;
import io.artstore.ingester.upload.StrayCopies.StrayCopy;
import io.artstore.ingester.upload.UploadProgress.Checked;
import io.artstore.ingester.upload.UploadProgress.Ended;
import io.artstore.ingester.upload.UploadProgress.Registering;
import io.artstore.ingester.upload.UploadProgress.Sending;
import io.artstore.ingester.upload.UploadProgress.Stored;

/**
 * The one place that decides how an upload ends, for the upload flow (through a
 * {@link Journey} per upload) and for the {@link Reconciler} alike. Every copy and the
 * registration carry the upload's id, so whatever is left can be asked about by that id:
 * the element with {@code GET /api/v1/files/{id}}, the registry with {@code GET
 * /api/v1/files/{id}}; an unwanted copy is removed with {@code DELETE /api/v1/gc/{id}}.
 *
 * <table>
 * <caption>In the flow: where the upload was, what happened, what is written</caption>
 * <tr>
 * <th>at</th>
 * <th>event</th>
 * <th>row</th>
 * <th>copy</th>
 * </tr>
 * <tr>
 * <td>checked</td>
 * <td>any failure</td>
 * <td>none written</td>
 * <td>none sent</td>
 * </tr>
 * <tr>
 * <td>any</td>
 * <td>next element chosen</td>
 * <td>{@code RECEIVED}, names it (insert, or update on failover)</td>
 * <td>may be there from now on</td>
 * </tr>
 * <tr>
 * <td>sending</td>
 * <td>answer lost, and the element does not show the copy (it may still be writing it) or
 * cannot be asked</td>
 * <td>unchanged</td>
 * <td>{@code stray_copies SUSPECTED}</td>
 * </tr>
 * <tr>
 * <td>sending</td>
 * <td>caller's bad input, nothing noted</td>
 * <td>deleted</td>
 * <td>none (the element got no whole body)</td>
 * </tr>
 * <tr>
 * <td>sending</td>
 * <td>no element took it (refused, full, or every lost answer noted)</td>
 * <td>{@code FAILED}</td>
 * <td>none unnoted</td>
 * </tr>
 * <tr>
 * <td>sending</td>
 * <td>anything else (the ledger, the service token)</td>
 * <td>{@code UNCERTAIN} without checksum</td>
 * <td>asked for later</td>
 * </tr>
 * <tr>
 * <td>sending, stored</td>
 * <td>caller went away</td>
 * <td>{@code UNCERTAIN} without checksum, settled after the element's response
 * timeout</td>
 * <td>asked for later</td>
 * </tr>
 * <tr>
 * <td>stored</td>
 * <td>checksum differs, body broke after the file, registration refused</td>
 * <td>{@code COMPENSATED} (deleted for a caller's bad input)</td>
 * <td>removed; if that fails {@code SUSPECTED} with its id</td>
 * </tr>
 * <tr>
 * <td>registering</td>
 * <td>answer lost (timeout, 5xx, 408/409/429, reset), caller went away</td>
 * <td>{@code UNCERTAIN} with checksum, settled after twice the Admin timeout</td>
 * <td>kept</td>
 * </tr>
 * <tr>
 * <td>registering</td>
 * <td>registered</td>
 * <td>{@code REGISTERED}; if that write fails, {@code RECEIVED} until stale</td>
 * <td>kept</td>
 * </tr>
 * <tr>
 * <td>anywhere</td>
 * <td>the ingester stops</td>
 * <td>{@code RECEIVED} naming the element, until stale</td>
 * <td>asked for later</td>
 * </tr>
 * </table>
 *
 * <table>
 * <caption>In the reconciler: an {@code UNCERTAIN} row, or a {@code RECEIVED} one older
 * than {@code stale-after}</caption>
 * <tr>
 * <th>the registry</th>
 * <th>the row</th>
 * <th>the element</th>
 * <th>row</th>
 * <th>copy</th>
 * </tr>
 * <tr>
 * <td>holds the id</td>
 * <td>any</td>
 * <td>not asked</td>
 * <td>{@code REGISTERED}, completed from the registry</td>
 * <td>kept</td>
 * </tr>
 * <tr>
 * <td>does not</td>
 * <td>has the checksum (registration went out)</td>
 * <td>not asked</td>
 * <td>registered now: {@code REGISTERED}; refused: {@code COMPENSATED}</td>
 * <td>kept; removed when refused</td>
 * </tr>
 * <tr>
 * <td>does not</td>
 * <td>no checksum</td>
 * <td>holds the id</td>
 * <td>{@code FAILED}</td>
 * <td>removed</td>
 * </tr>
 * <tr>
 * <td>does not</td>
 * <td>no checksum, or no element</td>
 * <td>404 naming the id</td>
 * <td>{@code FAILED}</td>
 * <td>none</td>
 * </tr>
 * <tr>
 * <td colspan="3">cannot tell, {@code max-attempts} times</td>
 * <td>{@code UNSETTLED} (keeps its key)</td>
 * <td>unknown</td>
 * </tr>
 * </table>
 *
 * A stray copy is {@code ABSENT} when its element answers 404 for the id, {@code KEPT}
 * when the row or the registry names that element, else removed ({@code DELETED}), or
 * {@code ORPHANED} when the element refuses or {@code max-attempts} run out.
 */
@Component
class UploadSettlement {

	private static final Logger logger = LoggerFactory.getLogger(UploadSettlement.class);

	private static final String CALLER_WENT_AWAY = "the caller went away before the upload completed";

	private final UploadLedger ledger;

	private final StrayCopies strays;

	private final StoragePlacer placer;

	private final FileRegistry registry;

	private final StorageElementDirectory directory;

	private final Duration retryAfter;

	/**
	 * How long an element may still be writing a file after the ingester stopped waiting.
	 */
	private final Duration elementMayStillWrite;

	/**
	 * How long a registration whose answer was lost may still be being processed by the
	 * Admin Module: the reconciler's own registration must not meet it half done.
	 */
	private final Duration registrationMayStillLand;

	private final Clock clock = Clock.systemUTC();

	UploadSettlement(UploadLedger ledger, StrayCopies strays, StoragePlacer placer, FileRegistry registry,
			StorageElementDirectory directory, UploadProperties upload, StorageProperties storage,
			AdminProperties admin) {
		this.ledger = ledger;
		this.strays = strays;
		this.placer = placer;
		this.registry = registry;
		this.directory = directory;
		this.retryAfter = upload.busyRetryAfter();
		this.elementMayStillWrite = storage.responseTimeout().plus(admin.timeout());
		this.registrationMayStillLand = admin.timeout().multipliedBy(2);
	}

	/**
	 * Starts following one upload.
	 * @param row the upload, checked and not yet written
	 * @return its journey
	 */
	Journey begin(Upload row) {
		return new Journey(row);
	}

	// The reconciler's side

	/**
	 * Settles an upload whose flow ended without knowing its outcome, or stopped.
	 * @param row the claimed row
	 * @return what was found; fails when a service could not tell, for a later attempt
	 */
	Mono<String> settle(Upload row) {
		return this.registry.registeredFile(row.fileId())
			.flatMap((registered) -> completeRegistered(row, registered))
			.switchIfEmpty(Mono.defer(() -> notRegistered(row)));
	}

	/** The registry holds the file: the row is completed from what it registered. */
	private Mono<String> completeRegistered(Upload row, RegisteredFile registered) {
		Mono<String> url = Objects.equals(registered.storageElementId(), row.storageElementId())
				? Mono.justOrEmpty(row.storageElementUrl())
				: this.directory.element(registered.storageElementId()).map(StorageElement::apiUrl);
		return url.map(Objects::toString)
			.defaultIfEmpty("")
			.flatMap((apiUrl) -> this.ledger.updateIfStill(row.status(),
					row.completedFrom(registered, apiUrl.isEmpty() ? null : apiUrl, this.clock.instant())))
			.map(unlessMovedOn("upload-registered"));
	}

	private Mono<String> notRegistered(Upload row) {
		if (row.mayBeRegistering()) {
			// a registration that is still on its way only meets this one, which the
			// registry answers "already exists" and FileRegistry reads as registered
			return this.registry.register(row.toRegistration())
				.then(this.ledger.updateIfStill(row.status(), row.registered(this.clock.instant())))
				.map(unlessMovedOn("upload-completed"))
				.onErrorResume(RegistrationRefusedException.class, (refused) -> removeCopy(row,
						Objects.requireNonNull(row.storageElementId()), Objects.requireNonNull(row.storageElementUrl()))
					.then(this.ledger.updateIfStill(row.status(),
							row.compensated("the Admin Module refused the registration, so the copy was removed: "
									+ refused.getMessage(), this.clock.instant())))
					.map(unlessMovedOn("upload-compensated")));
		}
		String elementId = row.storageElementId();
		String recordedUrl = row.storageElementUrl();
		if (elementId == null || recordedUrl == null) {
			return this.ledger
				.updateIfStill(row.status(),
						row.failed("the upload ended before a storage element was tried", this.clock.instant()))
				.map(unlessMovedOn("upload-failed"));
		}
		return elementUrl(elementId, recordedUrl)
			.flatMap((url) -> this.placer.findCopy(url, row.fileId())
				.flatMap((copy) -> removeCopy(row, elementId, url).thenReturn(true))
				.defaultIfEmpty(false))
			.flatMap((removed) -> this.ledger.updateIfStill(row.status(),
					row.failed(removed ? "the ingester stopped before the upload was registered; its copy was removed"
							: "the ingester stopped before the file was stored", this.clock.instant())))
			.map(unlessMovedOn("upload-failed"));
	}

	/**
	 * The outcome of a settlement, or {@code upload-moved-on} when the row had moved on
	 * meanwhile (settled by someone else, or handed back by an operator) and was not
	 * written.
	 */
	private static Function<Boolean, String> unlessMovedOn(String outcome) {
		return (written) -> written ? outcome : "upload-moved-on";
	}

	/**
	 * Removes a copy; when the element refuses, the copy is noted with its id, to be
	 * recorded as an orphan.
	 */
	private Mono<Void> removeCopy(Upload row, String elementId, String url) {
		return this.placer.delete(url, row.fileId())
			.onErrorResume(CopyNotDeletableException.class, (refused) -> this.strays.undeleted(row.id(), elementId, url,
					row.fileId(), "the element refused to remove it: " + refused.getMessage()));
	}

	/**
	 * Settles a copy that an upload may have left on an element.
	 * @param copy the claimed copy
	 * @return what was found; fails when the element or the registry could not tell
	 */
	Mono<String> settle(StrayCopy copy) {
		return elementUrl(copy.elementId(), copy.elementApiUrl())
			.flatMap((url) -> this.placer.findCopy(url, copy.fileId()).flatMap((found) -> isOwn(copy).flatMap((own) -> {
				if (own) {
					return this.strays.settle(copy, CopyStatus.KEPT, "the upload's own copy").thenReturn("copy-kept");
				}
				return this.placer.delete(url, copy.fileId())
					.then(this.strays.settle(copy, CopyStatus.DELETED, null))
					.thenReturn("copy-deleted")
					.onErrorResume(CopyNotDeletableException.class,
							(refused) -> this.strays
								.settle(copy, CopyStatus.ORPHANED,
										"the element refused to remove it: " + refused.getMessage())
								.thenReturn("copy-orphaned"));
			}))
				.switchIfEmpty(
						Mono.defer(() -> this.strays.settle(copy, CopyStatus.ABSENT, null).thenReturn("copy-absent"))));
	}

	/**
	 * Whether a copy is the upload's own: its row names that element, or the registry
	 * does. A registered copy is never removed, whatever the row says.
	 */
	private Mono<Boolean> isOwn(StrayCopy copy) {
		return this.ledger.namesCopy(copy.uploadId(), copy.elementId())
			.flatMap((named) -> named ? Mono.just(true)
					: this.registry.registeredFile(copy.fileId())
						.map((registered) -> Objects.equals(registered.storageElementId(), copy.elementId()))
						.defaultIfEmpty(false));
	}

	/**
	 * Where an element is now: the Admin Module knows every element by id, listed as
	 * available or not; the URL recorded with the row serves when it does not answer.
	 */
	private Mono<String> elementUrl(String elementId, String recordedUrl) {
		return this.directory.element(elementId).map(StorageElement::apiUrl).onErrorResume((ex) -> {
			logger.info("Storage element {} could not be looked up, using {}: {}", elementId, recordedUrl,
					ex.getMessage());
			return Mono.empty();
		}).defaultIfEmpty(recordedUrl);
	}

	/**
	 * The reconciler gave up on an upload: it ends {@code UNSETTLED}, keeping its key.
	 */
	Mono<Boolean> giveUp(Upload row, String reason) {
		return this.ledger.updateIfStill(row.status(), row.unsettled(reason, this.clock.instant()));
	}

	/**
	 * An operator fixed what kept an upload from being settled: it goes back to the
	 * reconciler as {@code UNCERTAIN}, its attempts counted afresh.
	 * @param uploadId the upload
	 * @return whether an {@code UNSETTLED} upload had that id
	 */
	Mono<Boolean> retry(UUID uploadId) {
		return this.ledger.requeue(uploadId);
	}

	/** The reconciler gave up on a copy: it stays as the record of an orphan. */
	Mono<Void> giveUp(StrayCopy copy, String reason) {
		return this.strays.settle(copy, CopyStatus.ORPHANED, reason);
	}

	/**
	 * One upload in flight: its progress, moved on only here, and the journal its
	 * placement writes to.
	 */
	final class Journey implements PlacementJournal {

		/**
		 * Moved on only by compare-and-set: the caller's cancel runs on another event
		 * loop than the flow's steps, and whichever moves first decides.
		 */
		private final AtomicReference<UploadProgress> progress;

		/** Whether an element was noted as possibly holding a copy. */
		private volatile boolean noted;

		private Journey(Upload row) {
			this.progress = new AtomicReference<>(new Checked(row));
		}

		UploadProgress progress() {
			return this.progress.get();
		}

		/**
		 * Before each attempt the row names the element: the first one is inserted with
		 * it, a failover moves it on. An upload that ended meanwhile (its caller went
		 * away) sends nothing more.
		 */
		@Override
		public Mono<Void> attempting(StorageElement element) {
			UploadProgress at = this.progress.get();
			Upload row = at.row().sending(element, UploadSettlement.this.clock.instant());
			if ((!(at instanceof Checked) && !(at instanceof Sending))
					|| !this.progress.compareAndSet(at, new Sending(row))) {
				return Mono.error(new IllegalStateException("Upload " + row.id() + " ended before it was sent"));
			}
			Mono<Upload> written = (at instanceof Checked) ? UploadSettlement.this.ledger.insert(row)
					: UploadSettlement.this.ledger.update(row);
			return written
				.onErrorMap(
						(ex) -> UploadProblems.insertFailed(ex, row.idempotencyKey(), UploadSettlement.this.retryAfter))
				.then();
		}

		@Override
		public Mono<Void> mayHold(StorageElement element, String reason) {
			this.noted = true;
			return UploadSettlement.this.strays.suspect(this.progress.get().row().id(), element,
					"a storage element's answer was lost: " + reason, UploadSettlement.this.elementMayStillWrite);
		}

		/** The element answered with a copy; it is checked next. */
		Upload stored(Placement placement, String storageFilename) {
			UploadProgress at = this.progress.get();
			Upload row = at.row().stored(placement, storageFilename, UploadSettlement.this.clock.instant());
			if (!(at instanceof Sending) || !this.progress.compareAndSet(at, new Stored(row, placement))) {
				throw new IllegalStateException("Upload " + row.id() + " ended before its copy was stored");
			}
			return row;
		}

		/**
		 * The registration goes out now, with the whole form, unless the upload ended
		 * meanwhile.
		 * @param form the form with the fields after the file
		 */
		Upload registering(UploadForm form) {
			UploadProgress at = this.progress.get();
			Upload row = at.row().withForm(form);
			if (!(at instanceof Stored stored)
					|| !this.progress.compareAndSet(at, new Registering(row, stored.placement()))) {
				throw new IllegalStateException("Upload " + at.row().id() + " ended before it was registered");
			}
			return row;
		}

		/**
		 * The Admin Module holds the file: the upload succeeded, whether or not the
		 * ledger can say so now. When it cannot, the row is marked {@code UNCERTAIN} for
		 * the reconciler, which finds it registered; failing that too, it is completed
		 * once stale.
		 */
		Mono<Upload> registered() {
			Upload registered = this.progress.get().row().registered(UploadSettlement.this.clock.instant());
			this.progress.set(new Ended(registered));
			return UploadSettlement.this.ledger.update(registered).onErrorResume((ex) -> {
				logger.warn("Upload {} is registered but the ledger could not record it; the reconciler will",
						registered.id(), ex);
				return UploadSettlement.this.ledger
					.update(registered.uncertain("registered; the ledger could not record it",
							UploadSettlement.this.clock.instant()))
					.onErrorResume((again) -> Mono.empty())
					.thenReturn(registered);
			});
		}

		/**
		 * The flow failed: what it leaves is written down, and the failure goes on to the
		 * caller (a lost registration answer as {@code upload-outcome-unknown}).
		 */
		<T> Mono<T> failed(Throwable cause) {
			UploadProgress at = this.progress.getAndSet(new Ended(this.progress.get().row()));
			if (at instanceof Ended || at instanceof Checked) {
				return Mono.error(cause);
			}
			if (at instanceof Sending sending) {
				return sendingFailed(sending.row(), cause);
			}
			if (at instanceof Registering registering && cause instanceof RegistrationUncertainException) {
				return registrationInDoubt(registering.row(), cause);
			}
			Placement placement = (at instanceof Stored stored) ? stored.placement() : ((Registering) at).placement();
			Throwable answer = (at instanceof Registering) ? new ProblemException(ProblemType.REGISTRATION_FAILED,
					"The file was stored but the Admin Module did not register it, so it was deleted again: "
							+ cause.getMessage())
					: cause;
			return undo(at.row(), placement, answer);
		}

		/**
		 * The caller went away: the row is left {@code UNCERTAIN} for the reconciler, if
		 * the flow has not written anything later. It is settled once an answer that may
		 * still be on its way (the element's, the Admin Module's) has had time to land.
		 */
		void abandoned() {
			UploadProgress at = this.progress.getAndSet(new Ended(this.progress.get().row()));
			if (at instanceof Ended || at instanceof Checked) {
				return;
			}
			Upload uncertain = (at instanceof Registering)
					? at.row().uncertain(CALLER_WENT_AWAY, UploadSettlement.this.clock.instant())
					: at.row().uncertainBeforeRegistration(CALLER_WENT_AWAY, UploadSettlement.this.clock.instant());
			UploadSettlement.this.ledger
				.updateIfStill(UploadStatus.RECEIVED, uncertain, UploadSettlement.this.elementMayStillWrite)
				.doOnError((ex) -> logger.warn("Could not record abandoned upload {}; it is settled once stale",
						uncertain.id(), ex))
				.onErrorResume((ex) -> Mono.empty())
				.subscribe();
		}

		/**
		 * No element holds the file that is not noted: a caller's bad input leaves no row
		 * (unless a copy was noted, which the row explains); anything the flow could not
		 * judge leaves the row {@code UNCERTAIN} for the reconciler.
		 */
		private <T> Mono<T> sendingFailed(Upload row, Throwable cause) {
			Mono<?> record;
			if (ProblemException.isCallerFault(cause) && !this.noted) {
				record = UploadSettlement.this.ledger.forget(row);
			}
			else if (ProblemException.isCallerFault(cause) || cause instanceof NoElementStoredException) {
				record = UploadSettlement.this.ledger
					.update(row.failed(String.valueOf(cause.getMessage()), UploadSettlement.this.clock.instant()));
			}
			else {
				record = UploadSettlement.this.ledger
					.update(row.uncertainBeforeRegistration(String.valueOf(cause.getMessage()),
							UploadSettlement.this.clock.instant()), UploadSettlement.this.elementMayStillWrite);
			}
			return record.onErrorResume((ex) -> {
				logger.warn("Could not record failed upload {}; it is settled once stale", row.id(), ex);
				return Mono.empty();
			}).then(Mono.error(cause));
		}

		/**
		 * The registration went out and its outcome is not known: the row says so with
		 * its copy, and the caller learns that a retry with its key gets the outcome. It
		 * is settled once the registration, if it is still being processed, has had time
		 * to land.
		 */
		private <T> Mono<T> registrationInDoubt(Upload row, Throwable cause) {
			ProblemException problem = new ProblemException(ProblemType.UPLOAD_OUTCOME_UNKNOWN,
					"The Admin Module's answer to the registration was lost: " + cause.getMessage(),
					Map.of(HttpHeaders.RETRY_AFTER, String.valueOf(UploadSettlement.this.retryAfter.toSeconds())));
			return UploadSettlement.this.ledger
				.update(row.uncertain(String.valueOf(cause.getMessage()), UploadSettlement.this.clock.instant()),
						UploadSettlement.this.registrationMayStillLand)
				.onErrorResume((ex) -> {
					logger.warn("Could not record upload {} in doubt; it is settled once stale", row.id(), ex);
					return Mono.empty();
				})
				.then(Mono.error(problem));
		}

		/**
		 * Removes a stored copy again, then records the upload as compensated or, for a
		 * caller's bad input, forgets it. A copy that cannot be removed is noted with its
		 * id, and the row says so.
		 */
		private <T> Mono<T> undo(Upload row, Placement placement, Throwable cause) {
			UploadLedger ledger = UploadSettlement.this.ledger;
			Mono<?> record = ProblemException.isCallerFault(cause) ? ledger.forget(row) : ledger
				.update(row.compensated(String.valueOf(cause.getMessage()), UploadSettlement.this.clock.instant()));
			return UploadSettlement.this.placer.delete(placement)
				.then(Mono.just(true))
				.onErrorResume((deleteFailure) -> {
					logger.warn("Copy {} on storage element {} could not be removed; the reconciler will try again",
							placement.copy().fileId(), placement.element().elementId(), deleteFailure);
					// the copy is recorded before the row ends: if that fails, the row
					// stays RECEIVED and the reconciler removes the copy once it is stale
					return UploadSettlement.this.strays
						.undeleted(row.id(), placement.element().elementId(), placement.element().apiUrl(),
								placement.copy().fileId(), "compensation failed: " + deleteFailure.getMessage())
						.then(ledger.update(row.compensated(
								"copy " + placement.copy().fileId() + " on " + placement.element().elementId()
										+ " not removed yet: " + deleteFailure.getMessage(),
								UploadSettlement.this.clock.instant())))
						.thenReturn(false);
				})
				.flatMap((deleted) -> deleted ? record.then() : Mono.<Void>empty())
				.onErrorResume((ledgerFailure) -> {
					logger.error("Could not record the compensation of upload {}; it is settled once stale", row.id(),
							ledgerFailure);
					return Mono.empty();
				})
				.then(Mono.error(cause));
		}

		/** The element the file went to last, for the upload's log line. */
		@Nullable String elementId() {
			UploadProgress at = this.progress.get();
			return at.row().storageElementId();
		}

	}

}
