package io.artstore.reference.admin;

import java.util.HexFormat;
import java.util.Locale;
import java.util.UUID;

import org.jspecify.annotations.Nullable;

/**
 * UUIDs as pydantic parses them: 32 hexadecimal digits, with or without hyphens, braces
 * or a {@code urn:uuid:} prefix.
 */
final class Uuids {

	private Uuids() {
	}

	static @Nullable UUID parse(String value) {
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
