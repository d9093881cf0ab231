package io.artstore.ingester.storage;

import java.util.Locale;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Tells an element's "no such file" from its "no such route". Both are 404; the element
 * (BigKAA/artStore 68241ca) says {@code {"detail": "File <id> not found"}} for a file it
 * does not hold, where FastAPI says {@code {"detail": "Not Found"}} for a route it does
 * not have: only the first is an answer about the file.
 */
final class NotFound {

	private static final Pattern DETAIL = Pattern.compile("\"detail\"\\s*:\\s*\"([^\"]*)\"");

	private NotFound() {
	}

	/**
	 * Whether a 404's body says that this file is not there.
	 * @param body the answer's body
	 * @param fileId the file asked for
	 * @return whether its {@code detail} names the file and says it was not found
	 */
	static boolean namesFile(String body, UUID fileId) {
		Matcher detail = DETAIL.matcher(body);
		if (!detail.find()) {
			return false;
		}
		String text = detail.group(1).toLowerCase(Locale.ROOT);
		return text.contains(fileId.toString()) && text.contains("not found");
	}

}
