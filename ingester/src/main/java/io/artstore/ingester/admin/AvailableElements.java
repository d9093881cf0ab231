package io.artstore.ingester.admin;

import java.util.List;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonProperty;

/** The Admin Module's list of available storage elements. */
@JsonIgnoreProperties(ignoreUnknown = true)
record AvailableElements(@JsonProperty("storage_elements") List<StorageElement> storageElements) {
}
