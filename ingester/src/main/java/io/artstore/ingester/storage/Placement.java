package io.artstore.ingester.storage;

import io.artstore.ingester.admin.StorageElement;

/**
 * Where a file was stored.
 *
 * @param element the element that holds it
 * @param elementUrl the URL the ingester used for the element
 * @param copy what the element reported
 */
public record Placement(StorageElement element, String elementUrl, StoredCopy copy) {
}
