package io.artstore.ingester.upload;

import java.util.regex.Pattern;

import io.artstore.ingester.problem.ProblemException;
import io.artstore.ingester.problem.ProblemType;

/**
 * What becomes of the file name a caller sends: refused when it holds control characters
 * (a CR or LF would reach the part header sent to the storage element), reduced to its
 * last path component (a decoded {@code filename*} can hold {@code ../}), and limited in
 * length before the ledger sees it. The stored name keeps only an extension of
 * {@code [A-Za-z0-9]{1,10}}.
 */
final class FileNames {

	/** The longest file name kept: what common file systems allow. */
	static final int MAX_LENGTH = 255;

	/** The longest part {@code Content-Type} kept, as the ledger's column allows. */
	static final int MAX_CONTENT_TYPE_LENGTH = 255;

	private static final Pattern EXTENSION = Pattern.compile("[A-Za-z0-9]{1,10}");

	private FileNames() {
	}

	/**
	 * The name under which an upload is known.
	 * @param sent the file name of the file part, as decoded from its
	 * {@code Content-Disposition}
	 * @return the last path component of the name
	 * @throws ProblemException a 400 for a name that is empty, holds control characters,
	 * has no last component or is longer than {@value #MAX_LENGTH} characters
	 */
	static String original(String sent) {
		if (sent.isBlank()) {
			throw new ProblemException(ProblemType.MISSING_FILENAME,
					"The file part needs a file name in its Content-Disposition");
		}
		if (sent.chars().anyMatch(FileNames::isControl)) {
			throw invalid("The file name holds control characters");
		}
		String name = sent.substring(Math.max(sent.lastIndexOf('/'), sent.lastIndexOf('\\')) + 1).strip();
		if (name.isEmpty() || name.equals(".") || name.equals("..")) {
			throw invalid("The file name has no last path component");
		}
		if (name.length() > MAX_LENGTH) {
			throw invalid("The file name has " + name.length() + " characters; at most " + MAX_LENGTH + " are allowed");
		}
		return name;
	}

	/**
	 * The name a stored copy gets: its id and the original's extension, when that is
	 * {@code [A-Za-z0-9]{1,10}}.
	 * @param fileId the id the storage element gave the copy
	 * @param original a name returned by {@link #original}
	 * @return for example {@code 3b9e5a2c-....pdf}
	 */
	static String stored(String fileId, String original) {
		int dot = original.lastIndexOf('.');
		String extension = (dot > 0) ? original.substring(dot + 1) : "";
		return EXTENSION.matcher(extension).matches() ? fileId + "." + extension : fileId;
	}

	/**
	 * Checks the part's content type against what the ledger keeps.
	 * @param contentType the part's {@code Content-Type}, as parsed
	 * @return it, unchanged
	 * @throws ProblemException a 400 when it is longer than
	 * {@value #MAX_CONTENT_TYPE_LENGTH} characters or holds control characters
	 */
	static String contentType(String contentType) {
		if (contentType.length() > MAX_CONTENT_TYPE_LENGTH) {
			throw new ProblemException(ProblemType.INVALID_CONTENT_TYPE,
					"The file part's Content-Type is longer than " + MAX_CONTENT_TYPE_LENGTH + " characters");
		}
		if (contentType.chars().anyMatch(FileNames::isControl)) {
			// a quoted parameter may carry a lone CR or LF, which would reach the part
			// headers the element is sent
			throw new ProblemException(ProblemType.INVALID_CONTENT_TYPE,
					"The file part's Content-Type holds control characters");
		}
		return contentType;
	}

	private static boolean isControl(int c) {
		return Character.isISOControl(c) || c == '\u2028' || c == '\u2029';
	}

	private static ProblemException invalid(String detail) {
		return new ProblemException(ProblemType.INVALID_FILENAME, detail);
	}

}
