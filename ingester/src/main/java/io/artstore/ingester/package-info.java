/**
 * The artStore Ingester: the upload front door that streams files to storage elements and
 * registers them with the Admin Module.
 */
@NullMarked
package io.artstore.ingester;

import org.jspecify.annotations.NullMarked;
