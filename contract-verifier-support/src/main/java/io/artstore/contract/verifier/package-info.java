/**
 * How generated contract tests reach the producer they verify: a reference producer
 * started in this JVM, or a live service named on the command line. The only code besides
 * the base classes that knows the contract tooling, so that a later switch of contract
 * library stays small.
 */
@NullMarked
package io.artstore.contract.verifier;

import org.jspecify.annotations.NullMarked;
