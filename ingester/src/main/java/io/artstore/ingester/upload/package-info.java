/**
 * The upload API: multipart parsing and validation, the upload flow with compensation,
 * and the PostgreSQL ledger.
 */
@NullMarked
package io.artstore.ingester.upload;

import org.jspecify.annotations.NullMarked;
