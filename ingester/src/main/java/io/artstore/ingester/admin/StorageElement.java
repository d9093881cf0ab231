package io.artstore.ingester.admin;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonProperty;

/**
 * A storage element as the Admin Module lists it.
 *
 * @param elementId the element's id, recorded with each file it stores
 * @param mode {@code edit} or {@code rw}
 * @param priority lower is preferred
 * @param apiUrl the element's base URL, possibly with a base path
 * @param healthStatus {@code online}, {@code offline}, {@code degraded} or
 * {@code maintenance}
 * @param capacityStatus {@code ok}, {@code warning}, {@code critical} or {@code full}
 */
@JsonIgnoreProperties(ignoreUnknown = true)
public record StorageElement(@JsonProperty("element_id") String elementId, String mode, int priority,
		@JsonProperty("api_url") String apiUrl, @JsonProperty("health_status") String healthStatus,
		@JsonProperty("capacity_status") String capacityStatus) {

	/** Whether the ingester should try to store a file here at all. */
	boolean acceptsUploads() {
		return "online".equals(this.healthStatus) && !"full".equals(this.capacityStatus);
	}

}
