package io.artstore.ingester.storage;

/**
 * An element that may hold a copy of an upload although it never said so: the file was
 * sent and the answer was lost. The element is asked for the upload's key later.
 *
 * @param elementId the element's id
 * @param elementApiUrl the element's {@code api_url}, as the Admin Module gives it
 */
public record SuspectedCopy(String elementId, String elementApiUrl) {
}
