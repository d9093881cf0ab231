/**
 * What the artStore stubs add to Spring Cloud Contract: {@code mapping} at build time
 * (stub mappings named after their contracts, multipart matched by parts), and
 * {@code coverage} in a consumer's tests (which contract each stub request matched).
 */
@NullMarked
package io.artstore.stubs;

import org.jspecify.annotations.NullMarked;
