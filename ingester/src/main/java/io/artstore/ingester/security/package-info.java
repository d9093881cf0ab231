/**
 * Caller authentication: RS256 JWTs from a PEM public key or a JWK Set, required claims,
 * and the artStore role ranking.
 */
@NullMarked
package io.artstore.ingester.security;

import org.jspecify.annotations.NullMarked;
