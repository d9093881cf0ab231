package io.artstore.reference.admin;

import java.time.Instant;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;

import org.jspecify.annotations.Nullable;

import io.artstore.testsupport.fastapi.PythonUuids;

/**
 * FastAPI's validation of a JSON body against a pydantic model: each field read with the
 * model's constraints, every error collected as FastAPI lists it in a 422 ({@code type},
 * {@code loc}, {@code msg}, {@code input}, {@code ctx}), then the model's own rule, which
 * runs only on a body whose fields are valid.
 */
final class BodyValidation {

	private final Map<String, @Nullable Object> body;

	private final List<Map<String, @Nullable Object>> errors = new ArrayList<>();

	BodyValidation(Map<String, @Nullable Object> body) {
		this.body = body;
	}

	/** The errors, in FastAPI's shape; empty when the body is valid. */
	List<Map<String, @Nullable Object>> errors() {
		return this.errors;
	}

	boolean isValid() {
		return this.errors.isEmpty();
	}

	@Nullable String string(String field, boolean required, int minLength, int maxLength) {
		Object value = this.body.get(field);
		if (absent(field, value, required)) {
			return null;
		}
		if (!(value instanceof String text)) {
			return error("string_type", field, "Input should be a valid string", value, null);
		}
		if (text.length() < minLength) {
			return error("string_too_short", field,
					"String should have at least " + minLength + " character" + ((minLength != 1) ? "s" : ""), value,
					Map.of("min_length", minLength));
		}
		if (text.length() > maxLength) {
			return error("string_too_long", field, "String should have at most " + maxLength + " characters", value,
					Map.of("max_length", maxLength));
		}
		return text;
	}

	@Nullable Long integer(String field, boolean required, long min, long max) {
		Object value = this.body.get(field);
		if (absent(field, value, required)) {
			return null;
		}
		Long number = null;
		if (value instanceof Integer || value instanceof Long) {
			number = ((Number) value).longValue();
		}
		else if (value instanceof String text && text.strip().matches("[+-]?\\d{1,18}")) {
			number = Long.parseLong(text.strip());
		}
		if (number == null) {
			return error((value instanceof String) ? "int_parsing" : "int_type", field,
					"Input should be a valid integer"
							+ ((value instanceof String) ? ", unable to parse string as an integer" : ""),
					value, null);
		}
		if (number < min) {
			return error("greater_than_equal", field, "Input should be greater than or equal to " + min, value,
					Map.of("ge", min));
		}
		if (number > max) {
			return error("less_than_equal", field, "Input should be less than or equal to " + max, value,
					Map.of("le", max));
		}
		return number;
	}

	/** A SHA-256 in hexadecimal: 64 characters, lower-cased, as the registry keeps it. */
	@Nullable String sha256(String field) {
		String text = string(field, true, 64, 64);
		if (text == null) {
			return null;
		}
		if (!text.matches("[0-9a-fA-F]{64}")) {
			return error("value_error", field, "Value error, Checksum must be valid hexadecimal string", text,
					Map.of("error", Map.of()));
		}
		return text.toLowerCase(Locale.ROOT);
	}

	@Nullable UUID uuid(String field) {
		Object value = this.body.get(field);
		if (absent(field, value, true)) {
			return null;
		}
		UUID id = (value instanceof String text) ? PythonUuids.parse(text) : null;
		return (id != null) ? id : error((value instanceof String) ? "uuid_parsing" : "uuid_type", field,
				"Input should be a valid UUID", value, null);
	}

	@Nullable String choice(String field, boolean required, String first, String second) {
		Object value = this.body.get(field);
		if (absent(field, value, required)) {
			return null;
		}
		if (first.equals(value) || second.equals(value)) {
			return (String) value;
		}
		String expected = "'" + first + "' or '" + second + "'";
		return error("enum", field, "Input should be " + expected, value, Map.of("expected", expected));
	}

	@Nullable Instant datetime(String field) {
		Object value = this.body.get(field);
		if (absent(field, value, false)) {
			return null;
		}
		if (value instanceof Integer || value instanceof Long) {
			return Instant.ofEpochSecond(((Number) value).longValue());
		}
		if (value instanceof String text) {
			try {
				return OffsetDateTime.parse(text).toInstant();
			}
			catch (DateTimeParseException ex) {
				try {
					return LocalDateTime.parse(text).toInstant(ZoneOffset.UTC);
				}
				catch (DateTimeParseException notLocal) {
					// refused below
				}
			}
		}
		return error((value instanceof String) ? "datetime_parsing" : "datetime_type", field,
				"Input should be a valid datetime", value, null);
	}

	boolean bool(String field) {
		Object value = this.body.get(field);
		if (value == null) {
			return false;
		}
		if (value instanceof Boolean flag) {
			return flag;
		}
		error("bool_type", field, "Input should be a valid boolean", value, null);
		return false;
	}

	@SuppressWarnings("unchecked")
	@Nullable Map<String, Object> object(String field) {
		Object value = this.body.get(field);
		if (value == null || value instanceof Map) {
			return (Map<String, Object>) value;
		}
		return error("dict_type", field, "Input should be a valid dictionary", value, null);
	}

	/**
	 * The model's own rule (a pydantic {@code model_validator}), checked on a body whose
	 * fields are valid: a {@code value_error} on the whole body.
	 * @param holds whether the rule holds
	 * @param message what the rule says
	 */
	void rule(boolean holds, String message) {
		if (isValid() && !holds) {
			this.errors.add(item("value_error", List.of("body"), "Value error, " + message, this.body,
					Map.of("error", Map.of())));
		}
	}

	/**
	 * Whether a field is left out: a missing required field is an error, a {@code null}
	 * in an optional one is its value, a {@code null} in a required one is refused by its
	 * type check.
	 */
	private boolean absent(String field, @Nullable Object value, boolean required) {
		if (value != null) {
			return false;
		}
		if (!required) {
			return true;
		}
		if (!this.body.containsKey(field)) {
			error("missing", field, "Field required", this.body, null);
			return true;
		}
		return false;
	}

	private <T> @Nullable T error(String type, String field, String msg, @Nullable Object input,
			@Nullable Map<String, Object> ctx) {
		this.errors.add(item(type, List.of("body", field), msg, input, ctx));
		return null;
	}

	private static Map<String, @Nullable Object> item(String type, List<Object> loc, String msg, @Nullable Object input,
			@Nullable Map<String, Object> ctx) {
		Map<String, @Nullable Object> item = new LinkedHashMap<>();
		item.put("type", type);
		item.put("loc", loc);
		item.put("msg", msg);
		item.put("input", input);
		if (ctx != null) {
			item.put("ctx", ctx);
		}
		return item;
	}

}
