package io.artstore.ingester.admin;

import java.util.UUID;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonProperty;

/**
 * What the Admin Module's registry holds about a file, as far as the ingester reads it.
 *
 * @param fileId the file
 * @param storageElementId the element that holds the registered copy: every copy of an
 * upload has the upload's id, so this tells the registered one from strays
 * @param fileSize the registered size
 * @param checksumSha256 the registered checksum
 */
@JsonIgnoreProperties(ignoreUnknown = true)
public record RegisteredFile(@JsonProperty("file_id") UUID fileId,
		@JsonProperty("storage_element_id") String storageElementId, @JsonProperty("file_size") long fileSize,
		@JsonProperty("checksum_sha256") String checksumSha256) {
}
