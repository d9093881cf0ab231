package io.artstore.ingester.support;

import java.util.UUID;

import org.springframework.data.annotation.Id;
import org.springframework.data.relational.core.mapping.Table;

/**
 * A row of the upload ledger, as much of it as counting needs.
 *
 * @param id the upload id
 */
@Table("uploads")
record LedgerRow(@Id UUID id) {
}
