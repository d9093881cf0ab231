/**
 * How the ingester logs: structured JSON by default, readable text on request.
 */
@NullMarked
package io.artstore.ingester.logging;

import org.jspecify.annotations.NullMarked;
