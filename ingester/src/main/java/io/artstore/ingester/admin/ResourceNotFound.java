package io.artstore.ingester.admin;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import org.jspecify.annotations.Nullable;

/**
 * The Admin Module's 404 body, {@code {"detail": "Resource not found", "path": ...}}: it
 * answers every 404 alike, so the path it names is what tells its answer about a resource
 * from a 404 that a proxy or a gateway in front of it gave.
 *
 * @param detail the detail
 * @param path the path the Admin Module did not find
 */
@JsonIgnoreProperties(ignoreUnknown = true)
record ResourceNotFound(@Nullable String detail, @Nullable String path) {

	static final ResourceNotFound NONE = new ResourceNotFound(null, null);

	/**
	 * Whether this is the Admin Module's answer about a path.
	 * @param expected the path asked for
	 * @return whether the body names it
	 */
	boolean names(String expected) {
		return expected.equals(this.path);
	}

}
