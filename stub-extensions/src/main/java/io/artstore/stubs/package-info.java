/**
 * What the artStore stubs add to Spring Cloud Contract: {@link mapping} at build time
 * (stub mappings named after their contracts, multipart matched by parts), and
 * {@link coverage} in a consumer's tests (which contract each stub request matched).
 */
@NullMarked
package io.artstore.stubs;

import org.jspecify.annotations.NullMarked;
