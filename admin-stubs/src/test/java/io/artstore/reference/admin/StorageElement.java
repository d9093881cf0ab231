package io.artstore.reference.admin;

import com.fasterxml.jackson.annotation.JsonProperty;

/** A storage element as the Admin Module describes it. */
record StorageElement(long id, @JsonProperty("element_id") String elementId, String name, String mode, int priority,
		@JsonProperty("api_url") String apiUrl, @JsonProperty("capacity_bytes") long capacityBytes,
		@JsonProperty("used_bytes") long usedBytes, @JsonProperty("health_status") String healthStatus,
		@JsonProperty("capacity_status") String capacityStatus) {

	boolean isAvailableFor(String requestedMode, long minFreeBytes) {
		return "online".equals(this.healthStatus) && this.mode.equals(requestedMode)
				&& (this.capacityBytes - this.usedBytes) >= minFreeBytes;
	}

}
