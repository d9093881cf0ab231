/**
 * Test helpers shared by the modules.
 */
@NullMarked
package io.artstore.testsupport;

import org.jspecify.annotations.NullMarked;
