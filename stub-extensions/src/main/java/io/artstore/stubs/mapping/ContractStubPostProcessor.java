package io.artstore.stubs.mapping;

import java.lang.reflect.Constructor;
import java.util.Map;
import java.util.regex.Pattern;

import com.github.tomakehurst.wiremock.stubbing.StubMapping;
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
 * <li>The plugin's own post-processing (the {@code wiremock} metadata of a contract:
 * faults, delays) is applied afterwards: the plugin skips it when another post-processor
 * applies, as this one always does.</li>
 * </ul>
 */
public class ContractStubPostProcessor implements WireMockStubPostProcessor {

	private static final String DEFAULT_PROCESSOR = "org.springframework.cloud.contract.verifier.wiremock.DefaultWireMockStubPostProcessor";

	private final JsonMapper json = JsonMapper.builder().build();

	@Override
	public boolean isApplicable(Contract contract) {
		return true;
	}

	@Override
	public StubMapping postProcess(StubMapping stubMapping, Contract contract) {
		StubMapping mapping = stubMapping;
		if (contract.getRequest() != null && contract.getRequest().getMultipart() != null) {
			mapping = withMultipartPatterns(mapping, contract);
		}
		if (contract.getName() != null) {
			mapping.setName(contract.getName());
		}
		WireMockStubPostProcessor plugins = defaultProcessor();
		return plugins.isApplicable(contract) ? plugins.postProcess(mapping, contract) : mapping;
	}

	private StubMapping withMultipartPatterns(StubMapping stubMapping, Contract contract) {
		ObjectNode mapping = (ObjectNode) this.json.readTree(stubMapping.toString());
		ObjectNode request = (ObjectNode) mapping.get("request");
		request.remove("bodyPatterns");
		ArrayNode patterns = request.putArray("multipartPatterns");
		Object multipart = contract.getRequest().getMultipart().getClientValue();
		if (!(multipart instanceof Map<?, ?> parts)) {
			throw new IllegalStateException(
					"Contract " + contract.getName() + ": expected multipart parts by name, got " + multipart);
		}
		parts.forEach((name, value) -> patterns.add(partPattern(String.valueOf(name), value)));
		return StubMapping.buildFrom(this.json.writeValueAsString(mapping));
	}

	private ObjectNode partPattern(String name, Object value) {
		ObjectNode pattern = this.json.createObjectNode();
		pattern.put("matchingType", "ANY");
		String disposition;
		Object content;
		if (value instanceof NamedProperty named) {
			disposition = "(?s)(?=.*\\bname=\"" + quote(name) + "\")(?=.*\\bfilename=\""
					+ regex(clientValue(named.getName())) + "\").*";
			content = clientValue(named.getValue());
		}
		else {
			disposition = "(?s)(?=.*\\bname=\"" + quote(name) + "\")(?!.*\\bfilename=).*";
			content = clientValue(value);
		}
		pattern.putObject("headers").putObject("Content-Disposition").put("matches", disposition);
		ArrayNode body = pattern.putArray("bodyPatterns");
		body.addObject().put("matches", "(?s)" + regex(content));
		return pattern;
	}

	private static Object clientValue(Object value) {
		return (value instanceof DslProperty<?> property) ? property.getClientValue() : value;
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
