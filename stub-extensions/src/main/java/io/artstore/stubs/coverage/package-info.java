/**
 * Consumer contract coverage: which contract each request to a stub server matched, per
 * test class, and the check that every contract was used and every request matched one.
 */
@NullMarked
package io.artstore.stubs.coverage;

import org.jspecify.annotations.NullMarked;
