/**
 * Verification of the Storage Element contracts: the base classes of the generated tests,
 * and the check that every contract produced a test and a stub.
 */
@NullMarked
package io.artstore.contract.storage;

import org.jspecify.annotations.NullMarked;
