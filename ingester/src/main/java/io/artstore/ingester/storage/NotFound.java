package io.artstore.ingester.storage;

import java.util.Locale;
import java.util.UUID;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import org.jspecify.annotations.Nullable;

/**
 * A 404's body, which tells an element's "no such file" from its "no such route". The
 * element (BigKAA/artStore 68241ca) says {@code {"detail": "File <id> not found"}} for a
 * file it does not hold, where FastAPI says {@code {"detail": "Not Found"}} for a route
 * it does not have: only the first is an answer about the file.
 *
 * @param detail FastAPI's {@code detail}, if the body had one
 */
@JsonIgnoreProperties(ignoreUnknown = true)
record NotFound(@Nullable String detail) {

	/**
	 * Whether this 404 says that this file is not there.
	 * @param fileId the file asked for
	 * @return whether its {@code detail} names the file and says it was not found
	 */
	boolean namesFile(UUID fileId) {
		String text = (this.detail != null) ? this.detail.toLowerCase(Locale.ROOT) : "";
		return text.contains(fileId.toString()) && text.contains("not found");
	}

}
