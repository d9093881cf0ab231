/**
 * Storage elements as the ingester uses them: streaming uploads with bounded replay for
 * retries, and deletes for compensation.
 */
@NullMarked
package io.artstore.ingester.storage;

import org.jspecify.annotations.NullMarked;
