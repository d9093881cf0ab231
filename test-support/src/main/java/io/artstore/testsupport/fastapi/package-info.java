/**
 * What reference producers of FastAPI services share: answers in FastAPI's shapes and
 * Python's reading of UUIDs.
 */
@NullMarked
package io.artstore.testsupport.fastapi;

import org.jspecify.annotations.NullMarked;
