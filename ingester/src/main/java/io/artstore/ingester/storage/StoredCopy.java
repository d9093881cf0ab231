package io.artstore.ingester.storage;

import java.util.UUID;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonProperty;

/** What a storage element reports about a file it stored. */
@JsonIgnoreProperties(ignoreUnknown = true)
public record StoredCopy(@JsonProperty("file_id") UUID fileId, @JsonProperty("file_size") long fileSize,
		String checksum) {
}
