/**
 * RFC 9457 problem details: one exception type that carries a stable problem type, and
 * the handler that renders it.
 */
@NullMarked
package io.artstore.ingester.problem;

import org.jspecify.annotations.NullMarked;
