/**
 * The upload benchmark: the ingester, forked with a chosen heap, in front of a reference
 * storage element and the reference Admin Module, driven by a load client in the JVM.
 */
@NullMarked
package io.artstore.loadtests;

import org.jspecify.annotations.NullMarked;
