/**
 * How the ingester treats its HTTP connections.
 */
@NullMarked
package io.artstore.ingester.http;

import org.jspecify.annotations.NullMarked;
