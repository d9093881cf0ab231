/**
 * Build-time post-processing of the stub mappings that the contract plugin generates.
 */
@NullMarked
package io.artstore.stubs.mapping;

import org.jspecify.annotations.NullMarked;
