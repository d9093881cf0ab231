/**
 * What attackers try against the ingester: forged and misused tokens, malformed and
 * hostile multipart bodies. Every case asserts the answer, that it names nothing behind
 * the ingester, and that nothing is left behind.
 */
@NullMarked
package io.artstore.ingester.hostile;

import org.jspecify.annotations.NullMarked;
