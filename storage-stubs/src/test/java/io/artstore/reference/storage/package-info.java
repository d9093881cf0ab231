/**
 * A small but real storage element: streams multipart uploads to a directory while
 * computing their SHA-256, refuses what does not fit with 507, deletes, and answers its
 * health probes. It is the producer that the Storage contracts are verified against, and
 * the storage element that benchmarks and large-upload tests send real bytes to.
 */
@NullMarked
package io.artstore.reference.storage;

import org.jspecify.annotations.NullMarked;
