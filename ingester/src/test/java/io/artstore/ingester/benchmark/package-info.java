/**
 * The upload benchmark: the ingester, forked with a chosen heap, in front of a reference
 * storage element and the reference Admin Module, driven by {@code hey}.
 */
@NullMarked
package io.artstore.ingester.benchmark;

import org.jspecify.annotations.NullMarked;
