package io.artstore.reference.admin;

import java.util.LinkedHashMap;
import java.util.Map;

import com.fasterxml.jackson.annotation.JsonAlias;
import com.fasterxml.jackson.annotation.JsonProperty;

/**
 * A storage element as the Admin Module keeps it.
 *
 * @param id its row id
 * @param elementId its id
 * @param name its name
 * @param mode {@code edit}, {@code rw}, {@code ro} or {@code ar}
 * @param priority lower first
 * @param apiUrl where it serves
 * @param capacityBytes its capacity
 * @param usedBytes what it holds
 * @param status {@code online}, {@code offline}, {@code degraded} or {@code maintenance},
 * as the Admin Module last found it; also read from the {@code health_status} of an
 * element given as the available list shows it, where {@code healthy} means online
 * @param capacityStatus {@code ok}, {@code warning}, {@code critical} or {@code full}
 */
record StorageElement(long id, @JsonProperty("element_id") String elementId, String name, String mode, int priority,
		@JsonProperty("api_url") String apiUrl, @JsonProperty("capacity_bytes") long capacityBytes,
		@JsonProperty("used_bytes") long usedBytes, @JsonAlias("health_status") String status,
		@JsonProperty("capacity_status") String capacityStatus) {

	/** Whether the available list shows it: online, in the mode, with the free space. */
	boolean isAvailableFor(String requestedMode, long minFreeBytes) {
		return isOnline() && this.mode.equals(requestedMode) && (this.capacityBytes - this.usedBytes) >= minFreeBytes;
	}

	/**
	 * The element as the Admin Module describes it: {@code health_status} is
	 * {@code healthy} for an element it found online, else {@code unhealthy}.
	 */
	Map<String, Object> describe() {
		Map<String, Object> item = new LinkedHashMap<>();
		item.put("id", this.id);
		item.put("element_id", this.elementId);
		item.put("name", this.name);
		item.put("mode", this.mode);
		item.put("priority", this.priority);
		item.put("api_url", this.apiUrl);
		item.put("capacity_bytes", this.capacityBytes);
		item.put("used_bytes", this.usedBytes);
		item.put("health_status", isOnline() ? "healthy" : "unhealthy");
		item.put("capacity_status", this.capacityStatus);
		return item;
	}

	private boolean isOnline() {
		return "online".equals(this.status) || "healthy".equals(this.status);
	}

}
