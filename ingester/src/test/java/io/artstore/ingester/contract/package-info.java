/**
 * The ingester as a consumer of the contracts: which contracts its tests used.
 */
@NullMarked
package io.artstore.ingester.contract;

import org.jspecify.annotations.NullMarked;
