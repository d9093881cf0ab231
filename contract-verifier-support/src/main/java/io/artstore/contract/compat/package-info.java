/**
 * Compatibility between two versions of the contracts: what changed, and whether it
 * breaks the consumers of the published stubs, makes new demands on producers, or is
 * compatible.
 */
@NullMarked
package io.artstore.contract.compat;

import org.jspecify.annotations.NullMarked;
