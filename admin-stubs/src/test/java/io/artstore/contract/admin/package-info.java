/**
 * Verification of the Admin Module contracts: the base class of the generated tests, and
 * the check that every contract produced a test and a stub.
 */
@NullMarked
package io.artstore.contract.admin;

import org.jspecify.annotations.NullMarked;
