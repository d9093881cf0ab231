package io.artstore.ingester.upload;

import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;

import org.jspecify.annotations.Nullable;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import io.artstore.ingester.problem.ProblemException;
import io.artstore.ingester.problem.ProblemType;

/**
 * The validated form fields of an upload.
 *
 * @param description at most {@value #MAX_DESCRIPTION_LENGTH} characters, empty when not
 * given
 * @param retentionPolicy {@code temporary} unless the caller asked for {@code permanent}
 * @param ttlDays 1 to 365 for temporary files (30 unless given), {@code null} for
 * permanent ones
 * @param metadataJson the caller's metadata, a JSON object, or {@code null}
 */
record UploadForm(String description, RetentionPolicy retentionPolicy, @Nullable Integer ttlDays,
		@Nullable String metadataJson) {

	static final int MAX_DESCRIPTION_LENGTH = 1000;

	static final int DEFAULT_TTL_DAYS = 30;

	static final int MAX_TTL_DAYS = 365;

	/**
	 * Validates the form fields of an upload.
	 * @param fields the fields by name, as sent
	 * @param jsonMapper parses {@code metadata}
	 * @return the form
	 * @throws ProblemException a 400 naming the first field that is wrong
	 */
	static UploadForm parse(Map<String, String> fields, JsonMapper jsonMapper) {
		String description = fields.getOrDefault("description", "");
		if (description.length() > MAX_DESCRIPTION_LENGTH) {
			throw new ProblemException(ProblemType.DESCRIPTION_TOO_LONG, "description has " + description.length()
					+ " characters; at most " + MAX_DESCRIPTION_LENGTH + " are allowed");
		}
		if (description.chars()
			.anyMatch((c) -> c == 0 || (Character.isISOControl(c) && c != '\t' && c != '\n' && c != '\r'))) {
			throw new ProblemException(ProblemType.INVALID_DESCRIPTION,
					"description holds control characters other than tab and line breaks");
		}
		String policyValue = fields.getOrDefault("retention_policy", RetentionPolicy.TEMPORARY.value());
		RetentionPolicy policy = RetentionPolicy.of(policyValue)
			.orElseThrow(() -> new ProblemException(ProblemType.INVALID_RETENTION_POLICY,
					"retention_policy must be 'temporary' or 'permanent', not '" + policyValue + "'"));
		return new UploadForm(description, policy, ttlDays(fields.get("ttl_days"), policy),
				metadata(fields.get("metadata"), jsonMapper));
	}

	/**
	 * The form completed by the fields that came after the file. What decides where the
	 * file goes was read before it: a {@code retention_policy=permanent} after the file
	 * leaves the upload temporary, to be finalized as soon as it is registered.
	 * @param early the fields before the file part, checked already
	 * @param late the fields after it (no name of the early ones)
	 * @param jsonMapper parses {@code metadata}
	 * @return the completed form
	 * @throws ProblemException a 400 naming the first field that is wrong
	 */
	static Completed complete(Map<String, String> early, Map<String, String> late, JsonMapper jsonMapper) {
		Map<String, String> merged = new HashMap<>(early);
		late.forEach((name, value) -> {
			if (!"retention_policy".equals(name)) {
				merged.put(name, value);
			}
		});
		boolean finalizeAtOnce = false;
		String latePolicy = late.get("retention_policy");
		if (latePolicy != null) {
			RetentionPolicy policy = RetentionPolicy.of(latePolicy)
				.orElseThrow(() -> new ProblemException(ProblemType.INVALID_RETENTION_POLICY,
						"retention_policy must be 'temporary' or 'permanent', not '" + latePolicy + "'"));
			if (policy == RetentionPolicy.PERMANENT && merged.containsKey("ttl_days")) {
				throw new ProblemException(ProblemType.INVALID_TTL_DAYS,
						"ttl_days only applies to temporary files; permanent files do not expire");
			}
			finalizeAtOnce = policy == RetentionPolicy.PERMANENT;
		}
		return new Completed(parse(merged, jsonMapper), finalizeAtOnce);
	}

	/**
	 * An upload's form with the fields after the file.
	 *
	 * @param form the whole form, as the upload is registered
	 * @param finalizeAtOnce whether a {@code retention_policy=permanent} came after the
	 * file: the upload is finalized once registered
	 */
	record Completed(UploadForm form, boolean finalizeAtOnce) {
	}

	/**
	 * When a temporary file expires, counted from the given moment; {@code null} for
	 * permanent files.
	 */
	@Nullable Instant ttlExpiresAt(Instant from) {
		return (this.ttlDays != null) ? from.plus(Duration.ofDays(this.ttlDays)) : null;
	}

	private static @Nullable Integer ttlDays(@Nullable String value, RetentionPolicy policy) {
		if (policy == RetentionPolicy.PERMANENT) {
			if (value != null) {
				throw new ProblemException(ProblemType.INVALID_TTL_DAYS,
						"ttl_days only applies to temporary files; permanent files do not expire");
			}
			return null;
		}
		if (value == null) {
			return DEFAULT_TTL_DAYS;
		}
		String digits = value.strip();
		if (digits.matches("[0-9]{1,3}")) {
			int days = Integer.parseInt(digits);
			if (days >= 1 && days <= MAX_TTL_DAYS) {
				return days;
			}
		}
		throw new ProblemException(ProblemType.INVALID_TTL_DAYS,
				"ttl_days must be a whole number from 1 to " + MAX_TTL_DAYS + ", not '" + value + "'");
	}

	private static @Nullable String metadata(@Nullable String value, JsonMapper jsonMapper) {
		if (value == null || value.isBlank()) {
			return null;
		}
		try {
			JsonNode node = jsonMapper.readTree(value);
			if (node != null && node.isObject()) {
				return jsonMapper.writeValueAsString(node);
			}
		}
		catch (JacksonException ex) {
			// reported below, like a value that is valid JSON but not an object
		}
		throw new ProblemException(ProblemType.INVALID_METADATA,
				"metadata must be a JSON object, for example {\"project\": \"alpha\"}");
	}

}
