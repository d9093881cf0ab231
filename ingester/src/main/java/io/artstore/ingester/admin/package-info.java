/**
 * The Admin Module as the ingester uses it: the service token, the available storage
 * elements and the file registry, with Redis caches.
 */
@NullMarked
package io.artstore.ingester.admin;

import org.jspecify.annotations.NullMarked;
