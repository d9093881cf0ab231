/**
 * A small but real storage element: streams multipart uploads to a directory under the
 * file id the client chose while computing their SHA-256, describes, deletes and
 * garbage-collects files, answers its health probes, and refuses what does not fit with
 * 507. It is the producer that the Storage contracts are verified against, and the
 * storage element that benchmarks and large-upload tests send real bytes to.
 */
@NullMarked
package io.artstore.reference.storage;

import org.jspecify.annotations.NullMarked;
