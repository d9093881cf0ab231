/**
 * Finalization: a temporary file on an {@code edit} element becomes permanent on an
 * {@code rw} element, streamed, checked, recorded at the Admin Module and kept in the
 * PostgreSQL ledger so that a restart or another ingester carries it on or undoes it.
 */
@NullMarked
package io.artstore.ingester.finalize;

import org.jspecify.annotations.NullMarked;
