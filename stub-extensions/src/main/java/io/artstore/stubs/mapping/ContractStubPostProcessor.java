package io.artstore.stubs.mapping;

import java.lang.reflect.Constructor;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

import com.github.tomakehurst.wiremock.stubbing.StubMapping;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

import org.springframework.cloud.contract.spec.Contract;
import org.springframework.cloud.contract.spec.internal.DslProperty;
import org.springframework.cloud.contract.spec.internal.NamedProperty;
import org.springframework.cloud.contract.spec.internal.RegexProperty;
import org.springframework.cloud.contract.verifier.wiremock.WireMockStubPostProcessor;

/**
 * Post-processes every stub mapping the contract plugin generates (registered for the
 * plugin in {@code META-INF/spring.factories}; the plugin must have this jar as a
 * dependency).
 *
 * <ul>
 * <li>The mapping is named after its contract, so that WireMock's request journal, its
 * near-miss reports and {@link io.artstore.stubs.coverage.StubCoverage} name the
 * contract.</li>
 * <li>A multipart contract is matched by WireMock's own multipart patterns, one per
 * declared part: a part whose {@code Content-Disposition} has that name (and a file name
 * matching the contract's) and whose content matches. The plugin's own stub matches one
 * regular expression per part over the raw body, with {@code name} before
 * {@code filename} and the part headers in a fixed order (spring-cloud-contract#1411), so
 * a consumer that writes them otherwise got a 404.</li>
 * <li>A response field named in the contract's metadata
 * {@code artstore: [responseFromParts: [<field>: '<part>']]} answers the UUID the request
 * sent in that multipart field, and one named in {@code responseFromUrl: ['<field>']} the
 * first UUID of the request's URL (WireMock's {@code regexExtract}, with response
 * templating), so that a storage stub answers with the file_id it was sent or asked
 * about. The contract's consumer-side value of the field stays what its producer-side
 * check and the catalogue show.</li>
 * <li>The plugin's own post-processing (the {@code wiremock} metadata of a contract:
 * faults, delays) is applied afterwards: the plugin skips it when another post-processor
 * applies, as this one always does.</li>
 * </ul>
 */
public class ContractStubPostProcessor implements WireMockStubPostProcessor {

	private static final String DEFAULT_PROCESSOR = "org.springframework.cloud.contract.verifier.wiremock.DefaultWireMockStubPostProcessor";

	private static final WireMockStubPostProcessor PLUGINS_OWN = defaultProcessor();

	/** The key of this project's entries in a contract's metadata. */
	static final String METADATA_KEY = "artstore";

	private static final String TEMPLATE_MARK = "@@artstore-from-request@@";

	private static final String HEX = "[0-9a-fA-F]";

	private static final String UUID = HEX + "{8}-" + HEX + "{4}-" + HEX + "{4}-" + HEX + "{4}-" + HEX + "{12}";

	private static final String EOL = "\r\n";

	/** A template that answers the first UUID in the request's URL. */
	static final String UUID_OF_URL = "{{regexExtract request.url '(" + UUID + ")' 'url'}}{{url.0}}";

	private final JsonMapper json = JsonMapper.builder().build();

	@Override
	public boolean isApplicable(Contract contract) {
		return true;
	}

	@Override
	public StubMapping postProcess(StubMapping stubMapping, Contract contract) {
		StubMapping mapping = stubMapping;
		boolean multipart = contract.getRequest() != null && contract.getRequest().getMultipart() != null;
		Map<String, String> templated = templatedFields(contract);
		if (multipart || !templated.isEmpty()) {
			// one round trip through JSON for every change to the mapping
			ObjectNode json = (ObjectNode) this.json.readTree(stubMapping.toString());
			if (multipart) {
				withMultipartPatterns(json, contract);
			}
			if (!templated.isEmpty()) {
				withTemplatedFields(json, contract, templated);
			}
			mapping = StubMapping.buildFrom(this.json.writeValueAsString(json));
		}
		if (contract.getName() != null) {
			mapping.setName(contract.getName());
		}
		return PLUGINS_OWN.isApplicable(contract) ? PLUGINS_OWN.postProcess(mapping, contract) : mapping;
	}

	private void withMultipartPatterns(ObjectNode mapping, Contract contract) {
		ObjectNode request = (ObjectNode) mapping.get("request");
		request.remove("bodyPatterns");
		ArrayNode patterns = request.putArray("multipartPatterns");
		Object multipart = contract.getRequest().getMultipart().getClientValue();
		if (!(multipart instanceof Map<?, ?> parts)) {
			throw new IllegalStateException(
					"Contract " + contract.getName() + ": expected multipart parts by name, got " + multipart);
		}
		parts.forEach((name, value) -> patterns.add(partPattern(String.valueOf(name), value)));
	}

	/**
	 * The response fields to fill from the request, by field name, as templates: from a
	 * multipart field ({@code responseFromParts: [<field>: '<part>']}) or the request's
	 * URL ({@code responseFromUrl: ['<field>']}); each answers a UUID.
	 */
	static Map<String, String> templatedFields(Contract contract) {
		Object ours = (contract.getMetadata() != null) ? contract.getMetadata().get(METADATA_KEY) : null;
		Map<String, String> result = new LinkedHashMap<>();
		if (ours instanceof Map<?, ?> metadata) {
			if (metadata.get("responseFromParts") instanceof Map<?, ?> fields) {
				fields.forEach((field, part) -> result.put(String.valueOf(field), uuidOfPart(String.valueOf(part))));
			}
			if (metadata.get("responseFromUrl") instanceof List<?> fields) {
				fields.forEach((field) -> result.put(String.valueOf(field), UUID_OF_URL));
			}
		}
		return result;
	}

	private void withTemplatedFields(ObjectNode mapping, Contract contract, Map<String, String> fields) {
		ObjectNode response = (ObjectNode) mapping.get("response");
		JsonNode body = response.has("jsonBody") ? response.get("jsonBody")
				: (response.has("body") ? this.json.readTree(response.get("body").asString()) : null);
		if (!(body instanceof ObjectNode object)) {
			throw new IllegalStateException("Contract " + contract.getName()
					+ ": a response field from the request needs a JSON object as the response body");
		}
		fields.keySet().forEach((field) -> object.put(field, TEMPLATE_MARK + field));
		String text = this.json.writeValueAsString(object);
		for (Map.Entry<String, String> entry : fields.entrySet()) {
			text = text.replace(TEMPLATE_MARK + entry.getKey(), entry.getValue());
		}
		response.remove("jsonBody");
		response.put("body", text);
		ArrayNode transformers = response.has("transformers") ? (ArrayNode) response.get("transformers")
				: response.putArray("transformers");
		if (!transformers.valueStream().anyMatch((transformer) -> "response-template".equals(transformer.asString()))) {
			transformers.add("response-template");
		}
	}

	/**
	 * A template that answers the UUID a multipart field holds: the value after the
	 * field's headers, read from the raw body with WireMock's {@code regexExtract}. The
	 * pattern has neither quotes nor backslashes, which the template's string literal and
	 * the JSON around it would have to escape: any character stands for the quotes around
	 * the name, and the line ends are the characters themselves.
	 */
	static String uuidOfPart(String part) {
		String notEol = "[^" + EOL + "]";
		return "{{regexExtract request.body 'name=." + part + ".(?:;" + notEol + "*)?" + EOL + "(?:" + notEol + "+"
				+ EOL + ")*" + EOL + "(" + UUID + ")" + EOL + "' 'part'}}{{part.0}}";
	}

	private ObjectNode partPattern(String name, Object value) {
		ObjectNode pattern = this.json.createObjectNode();
		pattern.put("matchingType", "ANY");
		String disposition;
		Object content;
		ObjectNode headers = pattern.putObject("headers");
		if (value instanceof NamedProperty named) {
			// a file name that is there, not empty, and matches the contract's pattern
			// within its quotes
			disposition = "(?s)(?=.*\\bname=\"" + quote(name) + "\")(?=.*\\bfilename=\"[^\"]+\")(?=.*\\bfilename=\""
					+ withinQuotes(regex(clientValue(named.getName()))) + "\").*";
			content = clientValue(named.getValue());
			if (named.getContentType() != null) {
				headers.putObject("Content-Type")
					.put("matches", "(?s)" + withinQuotes(regex(clientValue(named.getContentType()))));
			}
		}
		else {
			disposition = "(?s)(?=.*\\bname=\"" + quote(name) + "\")(?!.*\\bfilename=).*";
			content = clientValue(value);
		}
		headers.putObject("Content-Disposition").put("matches", disposition);
		ArrayNode body = pattern.putArray("bodyPatterns");
		if (content instanceof byte[] bytes) {
			body.addObject().put("binaryEqualTo", Base64.getEncoder().encodeToString(bytes));
		}
		else {
			body.addObject().put("matches", "(?s)" + regex(content));
		}
		return pattern;
	}

	/**
	 * A pattern that cannot run past a closing quote: every {@code .} outside a character
	 * class becomes {@code [^"]}, so that {@code .+} matches a file name and not the rest
	 * of the header.
	 */
	static String withinQuotes(String regex) {
		StringBuilder result = new StringBuilder();
		int classDepth = 0;
		for (int i = 0; i < regex.length(); i++) {
			char c = regex.charAt(i);
			if (c == '\\' && i + 1 < regex.length()) {
				int end = (regex.charAt(i + 1) == 'Q') ? regex.indexOf("\\E", i + 2) : -1;
				int next = (regex.charAt(i + 1) == 'Q') ? ((end < 0) ? regex.length() : end + 2) : i + 2;
				result.append(regex, i, next);
				i = next - 1;
			}
			else if (c == '[') {
				classDepth++;
				result.append(c);
			}
			else if (c == ']' && classDepth > 0) {
				classDepth--;
				result.append(c);
			}
			else if (c == '.' && classDepth == 0) {
				result.append("[^\"]");
			}
			else {
				result.append(c);
			}
		}
		return result.toString();
	}

	private static Object clientValue(Object value) {
		Object current = value;
		while (current instanceof DslProperty<?> property && !(current instanceof RegexProperty)
				&& property.getClientValue() != current) {
			current = property.getClientValue();
		}
		return current;
	}

	private static String regex(Object value) {
		if (value instanceof Pattern pattern) {
			return pattern.pattern();
		}
		if (value instanceof RegexProperty property) {
			return property.pattern();
		}
		return quote(String.valueOf(value));
	}

	private static String quote(String literal) {
		return Pattern.quote(literal);
	}

	private static WireMockStubPostProcessor defaultProcessor() {
		try {
			Constructor<?> constructor = Class.forName(DEFAULT_PROCESSOR).getDeclaredConstructor();
			constructor.setAccessible(true);
			return (WireMockStubPostProcessor) constructor.newInstance();
		}
		catch (ReflectiveOperationException ex) {
			throw new IllegalStateException("Spring Cloud Contract's own stub post-processor (" + DEFAULT_PROCESSOR
					+ ") is gone: the wiremock metadata of contracts would be dropped", ex);
		}
	}

}
