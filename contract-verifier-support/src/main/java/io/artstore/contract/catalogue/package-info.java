/**
 * The contract catalogue: every contract with its examples, which producer verified it
 * and when, and which consumer tests use it.
 */
@NullMarked
package io.artstore.contract.catalogue;

import org.jspecify.annotations.NullMarked;
