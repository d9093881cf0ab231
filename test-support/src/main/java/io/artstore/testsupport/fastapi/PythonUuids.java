package io.artstore.testsupport.fastapi;

import java.util.HexFormat;
import java.util.Locale;
import java.util.UUID;

import org.jspecify.annotations.Nullable;

/**
 * UUIDs as Python's {@code UUID()} and pydantic parse them: 32 hexadecimal digits, with
 * or without hyphens, braces or a {@code urn:uuid:} prefix.
 */
public final class PythonUuids {

	private PythonUuids() {
	}

	/**
	 * Parses a UUID as Python does.
	 * @param value the text
	 * @return the UUID, or {@code null} when Python would refuse it
	 */
	public static @Nullable UUID parse(String value) {
		String hex = value.replace("urn:", "").replace("uuid:", "");
		hex = hex.replaceAll("^[{}]+|[{}]+$", "").replace("-", "");
		if (hex.length() != 32 || !hex.chars().allMatch(HexFormat::isHexDigit)) {
			return null;
		}
		hex = hex.toLowerCase(Locale.ROOT);
		return new UUID(Long.parseUnsignedLong(hex.substring(0, 16), 16),
				Long.parseUnsignedLong(hex.substring(16), 16));
	}

}
