/**
 * What the ingester's tests run against: PostgreSQL and Redis (Testcontainers where
 * Docker runs, the local services otherwise), the Admin and Storage stubs from the
 * contract stub jars, caller tokens signed with a key pair made for the run, and
 * WireMock's request journal.
 */
@NullMarked
package io.artstore.ingester.support;

import org.jspecify.annotations.NullMarked;
