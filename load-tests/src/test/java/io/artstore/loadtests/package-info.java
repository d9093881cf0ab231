/**
 * The load tests and the upload benchmark: the ingester's jar, started as shipped, in
 * front of a reference storage element (or any other) and the reference Admin Module,
 * under load from Gatling ({@link io.artstore.loadtests.UploadSimulation}), each figure
 * beside the same uploads sent straight to the element.
 */
@NullMarked
package io.artstore.loadtests;

import org.jspecify.annotations.NullMarked;
