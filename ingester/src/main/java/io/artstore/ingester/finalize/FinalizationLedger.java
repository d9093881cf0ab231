package io.artstore.ingester.finalize;

import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.List;
import java.util.UUID;

import io.r2dbc.spi.Readable;
import org.jspecify.annotations.Nullable;
import reactor.core.publisher.Mono;

import org.springframework.r2dbc.core.DatabaseClient;
import org.springframework.r2dbc.core.DatabaseClient.GenericExecuteSpec;
import org.springframework.stereotype.Component;

/**
 * The {@code finalizations} table, and the only class that writes it. Every move is a
 * compare-and-set on the status, so that the flow and a reconciler never both move one
 * finalization; every {@code updated_at} is the database's clock. The partial unique
 * index {@code finalizations_one_per_file} lets one finalization per file run or stand at
 * a time: a second request finds the first.
 */
@Component
class FinalizationLedger {

	/** The finalizations that keep a file from being finalized again. */
	private static final String CURRENT = "status <> 'ROLLED_BACK' AND NOT (status = 'FAILED' AND target_element_id IS NULL)";

	private static final String INSERT = """
			INSERT INTO finalizations (transaction_id, file_id, status, initiated_by, source_element_id, file_size,
			    checksum, created_at, updated_at)
			VALUES (:transaction_id, :file_id, :status, :initiated_by, :source_element_id, :file_size, :checksum,
			    :created_at, now())
			ON CONFLICT (file_id) WHERE %s DO NOTHING
			RETURNING *
			""".formatted(CURRENT);

	private static final String MOVE = """
			UPDATE finalizations SET status = :status, checksum_verified = checksum_verified OR :verified,
			    target_element_id = CASE WHEN :clear_target THEN NULL ELSE target_element_id END,
			    target_element_url = CASE WHEN :clear_target THEN NULL ELSE target_element_url END,
			    error_type = COALESCE(:error_type, error_type), error_message = COALESCE(:error_message, error_message),
			    completed_at = CASE WHEN :ended THEN COALESCE(completed_at, now()) ELSE completed_at END,
			    finalized_at = COALESCE(:finalized_at, finalized_at),
			    cleanup_at = COALESCE(now() + :cleanup_after_ms * interval '1 millisecond', cleanup_at),
			    source_cleanup = CASE WHEN :status = 'COMPLETED' THEN 'PENDING' ELSE source_cleanup END,
			    updated_at = now(), next_attempt_at = now() + :settle_after_ms * interval '1 millisecond'
			WHERE transaction_id = :transaction_id AND status IN (:expected)
			RETURNING *
			""";

	private static final String CLAIM = """
			UPDATE finalizations SET next_attempt_at = now() + :lease_ms * interval '1 millisecond',
			    attempts = attempts + 1
			WHERE transaction_id = (
			    SELECT transaction_id FROM finalizations
			    WHERE ((status IN ('COPYING', 'COPIED', 'VERIFYING')
			            AND updated_at < now() - :stale_ms * interval '1 millisecond')
			        OR (status = 'FAILED' AND target_element_id IS NOT NULL)
			        OR (source_cleanup = 'PENDING' AND cleanup_at <= now()))
			      AND (next_attempt_at IS NULL OR next_attempt_at <= now())
			    ORDER BY updated_at
			    LIMIT 1
			    FOR UPDATE SKIP LOCKED)
			RETURNING *
			""";

	private final DatabaseClient database;

	FinalizationLedger(DatabaseClient database) {
		this.database = database;
	}

	/**
	 * Writes a new finalization, unless the file has one already.
	 * @return the row written, or empty when another finalization of the file stands
	 */
	Mono<Finalization> insert(Finalization started) {
		return this.database.sql(INSERT)
			.bind("transaction_id", started.transactionId())
			.bind("file_id", started.fileId())
			.bind("status", started.status().name())
			.bind("initiated_by", started.initiatedBy())
			.bind("source_element_id", started.sourceElementId())
			.bind("file_size", started.fileSize())
			.bind("checksum", started.checksum())
			.bind("created_at", started.createdAt())
			.map(FinalizationLedger::read)
			.one();
	}

	/** The finalization that keeps a file from being finalized again, if any. */
	Mono<Finalization> current(UUID fileId) {
		return this.database.sql("SELECT * FROM finalizations WHERE file_id = :file_id AND " + CURRENT)
			.bind("file_id", fileId)
			.map(FinalizationLedger::read)
			.one();
	}

	Mono<Finalization> find(UUID transactionId) {
		return this.database.sql("SELECT * FROM finalizations WHERE transaction_id = :transaction_id")
			.bind("transaction_id", transactionId)
			.map(FinalizationLedger::read)
			.one();
	}

	/**
	 * Names the element the copy goes to, before a byte is sent there.
	 * @return the row as written; empty when it is no longer copying
	 */
	Mono<Finalization> target(Finalization finalization, String elementId, String elementUrl) {
		return this.database
			.sql("UPDATE finalizations SET target_element_id = :element_id, target_element_url = :element_url,"
					+ " updated_at = now() WHERE transaction_id = :transaction_id AND status = 'COPYING' RETURNING *")
			.bind("transaction_id", finalization.transactionId())
			.bind("element_id", elementId)
			.bind("element_url", elementUrl)
			.map(FinalizationLedger::read)
			.one();
	}

	/**
	 * Shows that the flow still works on a finalization, so that no reconciler takes it
	 * for one left behind.
	 * @return whether the row was still in flight and touched
	 */
	Mono<Boolean> touch(UUID transactionId) {
		return this.database
			.sql("UPDATE finalizations SET updated_at = now() WHERE transaction_id = :transaction_id"
					+ " AND status IN ('COPYING', 'COPIED', 'VERIFYING')")
			.bind("transaction_id", transactionId)
			.fetch()
			.rowsUpdated()
			.map((rows) -> rows > 0);
	}

	/**
	 * Moves a finalization on, if it still stands where the caller saw it.
	 * @return the row as written; empty when it had moved on
	 */
	Mono<Finalization> move(Finalization from, Move move) {
		GenericExecuteSpec update = this.database.sql(MOVE)
			.bind("transaction_id", from.transactionId())
			.bind("expected", List.of(from.status().name()))
			.bind("status", move.status().name())
			.bind("verified", move.verified())
			.bind("ended", !move.status().inFlight())
			.bind("settle_after_ms", move.settleAfter().toMillis())
			.bind("clear_target", move.clearTarget());
		update = bind(update, "error_type", move.errorType(), String.class);
		update = bind(update, "error_message", move.errorMessage(), String.class);
		update = bind(update, "finalized_at", move.finalizedAt(), Instant.class);
		update = bind(update, "cleanup_after_ms", (move.cleanupAfter() != null) ? move.cleanupAfter().toMillis() : null,
				Long.class);
		return update.map(FinalizationLedger::read).one();
	}

	/**
	 * Records what became of the source copy of a completed finalization.
	 * @param outcome {@code REMOVED} or {@code KEPT}
	 */
	Mono<Void> sourceCleaned(Finalization finalization, String outcome) {
		return this.database
			.sql("UPDATE finalizations SET source_cleanup = :outcome, updated_at = now(), next_attempt_at = NULL"
					+ " WHERE transaction_id = :transaction_id AND source_cleanup = 'PENDING'")
			.bind("transaction_id", finalization.transactionId())
			.bind("outcome", outcome)
			.then();
	}

	/**
	 * Claims the next finalization to settle, for {@code lease}: one left in flight for
	 * longer than {@code staleAfter}, a failed one whose target copy is still to be
	 * removed, or a completed one whose source copy is due for removal.
	 * @return the row and how often it has been claimed, or empty when none is due
	 */
	Mono<Claimed> claim(Duration staleAfter, Duration lease) {
		return this.database.sql(CLAIM)
			.bind("stale_ms", staleAfter.toMillis())
			.bind("lease_ms", lease.toMillis())
			.map((row) -> new Claimed(read(row), row.get("attempts", Integer.class)))
			.one();
	}

	/** Tries a claimed finalization again after a pause. */
	Mono<Void> retryLater(Finalization finalization, Duration pause) {
		return this.database
			.sql("UPDATE finalizations SET next_attempt_at = now() + :pause_ms * interval '1 millisecond'"
					+ " WHERE transaction_id = :transaction_id")
			.bind("transaction_id", finalization.transactionId())
			.bind("pause_ms", pause.toMillis())
			.then();
	}

	private static GenericExecuteSpec bind(GenericExecuteSpec spec, String name, @Nullable Object value,
			Class<?> type) {
		return (value != null) ? spec.bind(name, value) : spec.bindNull(name, type);
	}

	private static Finalization read(Readable row) {
		return new Finalization(row.get("transaction_id", UUID.class), row.get("file_id", UUID.class),
				FinalizeStatus.valueOf(row.get("status", String.class)), row.get("initiated_by", String.class),
				row.get("source_element_id", String.class), row.get("target_element_id", String.class),
				row.get("target_element_url", String.class), row.get("file_size", Long.class),
				row.get("checksum", String.class), Boolean.TRUE.equals(row.get("checksum_verified", Boolean.class)),
				row.get("error_type", String.class), row.get("error_message", String.class), instant(row, "created_at"),
				instant(row, "updated_at"), instant(row, "completed_at"), instant(row, "finalized_at"),
				instant(row, "cleanup_at"), row.get("source_cleanup", String.class));
	}

	private static @Nullable Instant instant(Readable row, String column) {
		OffsetDateTime value = row.get(column, OffsetDateTime.class);
		return (value != null) ? value.toInstant() : null;
	}

	/**
	 * A move of a finalization.
	 *
	 * @param status where it goes
	 * @param verified whether the copy's checksum has been checked now
	 * @param errorType the problem type of a failure
	 * @param errorMessage what failed
	 * @param finalizedAt when the Admin Module was told
	 * @param cleanupAfter how long after now the source copy is due for removal
	 * @param settleAfter how long no reconciler may take the row: a failed one's copy is
	 * removed by the flow at once, or, when the element may still be writing it, by a
	 * reconciler after that
	 * @param clearTarget whether the row stops naming a target: the last one tried stored
	 * nothing
	 */
	record Move(FinalizeStatus status, boolean verified, @Nullable String errorType, @Nullable String errorMessage,
			@Nullable Instant finalizedAt, @Nullable Duration cleanupAfter, Duration settleAfter, boolean clearTarget) {

		static Move rolledBack() {
			return new Move(FinalizeStatus.ROLLED_BACK, false, null, null, null, null, Duration.ZERO, false);
		}

		static Move verified(FinalizeStatus status) {
			return new Move(status, true, null, null, null, null, Duration.ZERO, false);
		}

		static Move failed(String errorType, String errorMessage, Duration settleAfter) {
			return new Move(FinalizeStatus.FAILED, false, errorType, errorMessage, null, null, settleAfter, false);
		}

		static Move completed(Instant finalizedAt, Duration cleanupAfter) {
			return new Move(FinalizeStatus.COMPLETED, true, null, null, finalizedAt, cleanupAfter, Duration.ZERO,
					false);
		}

		/** The same move, with the row no longer naming a target. */
		Move withoutTarget() {
			return new Move(this.status, this.verified, this.errorType, this.errorMessage, this.finalizedAt,
					this.cleanupAfter, this.settleAfter, true);
		}

	}

	/**
	 * A finalization claimed by the reconciler.
	 *
	 * @param row the row as claimed
	 * @param attempts how often it has been claimed, this time included
	 */
	record Claimed(Finalization row, int attempts) {
	}

}
