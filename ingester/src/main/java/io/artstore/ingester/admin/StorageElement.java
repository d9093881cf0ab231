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
 * @param healthStatus {@code healthy} for every element the available list holds (the
 * Admin Module lists only the elements it found online); its look-up of one element also
 * says {@code unhealthy}
 * @param capacityStatus {@code ok}, {@code warning}, {@code critical} or {@code full}
 */
@JsonIgnoreProperties(ignoreUnknown = true)
public record StorageElement(@JsonProperty("element_id") String elementId, String mode, int priority,
		@JsonProperty("api_url") String apiUrl, @JsonProperty("health_status") String healthStatus,
		@JsonProperty("capacity_status") String capacityStatus) {

	/**
	 * Whether the ingester should try to store a file here at all. The available list is
	 * already filtered by the Admin Module: an element there is passed over only when it
	 * is said to be unhealthy or full.
	 */
	boolean acceptsUploads() {
		return !"unhealthy".equals(this.healthStatus) && !"full".equals(this.capacityStatus);
	}

}
