/**
 * A small but real Admin Module: issues RS256 service account tokens from client
 * credentials, lists and describes storage elements from configuration and keeps a file
 * registry in memory, validating requests as FastAPI does. It is the producer that the
 * Admin contracts are verified against in this build.
 */
@NullMarked
package io.artstore.reference.admin;

import org.jspecify.annotations.NullMarked;
