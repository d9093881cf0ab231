package io.artstore.contract.compat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Pattern;

import org.jspecify.annotations.Nullable;

import io.artstore.contract.verifier.ContractFiles;
import io.artstore.contract.verifier.ContractFiles.ParsedContract;

import org.springframework.cloud.contract.spec.Contract;
import org.springframework.cloud.contract.spec.internal.DslProperty;
import org.springframework.cloud.contract.spec.internal.Header;
import org.springframework.cloud.contract.spec.internal.NamedProperty;
import org.springframework.cloud.contract.spec.internal.RegexProperty;
import org.springframework.cloud.contract.spec.internal.Request;
import org.springframework.cloud.contract.spec.internal.Response;

/**
 * What a set of contracts says, flattened for comparison: per contract (by name), one
 * {@link Fact} per aspect a consumer of the stubs or a producer relies on, such as
 * {@code request.method}, {@code request.path}, {@code request.header.authorization},
 * {@code request.part.file}, {@code response.status} or
 * {@code response.body.storage_elements[].priority}, and how the stub behaves besides
 * ({@code stub.delay}, {@code stub.wiremock}: faults). Values are the consumer (stub)
 * side, which is what consumers of the published stubs see; header names are lower case.
 */
public final class ContractFacts {

	private ContractFacts() {
	}

	/**
	 * Reads every Groovy contract under the given folders of a root.
	 * @param root the root, to which each contract's folder is relative
	 * @param folders the folders under it that hold contracts, such as {@code admin}
	 * @return the facts of each contract, by contract name
	 */
	public static Map<String, Map<String, Fact>> read(Path root, List<String> folders) {
		Map<String, Map<String, Fact>> contracts = new TreeMap<>();
		for (String folder : folders) {
			Path dir = root.resolve(folder);
			if (Files.isDirectory(dir)) {
				read(root, dir, contracts);
			}
		}
		return contracts;
	}

	/**
	 * Reads every Groovy contract under a folder.
	 * @param root the folder
	 * @return the facts of each contract, by contract name
	 */
	static Map<String, Map<String, Fact>> read(Path root) {
		Map<String, Map<String, Fact>> contracts = new TreeMap<>();
		read(root, root, contracts);
		return contracts;
	}

	private static void read(Path root, Path dir, Map<String, Map<String, Fact>> contracts) {
		for (ParsedContract parsed : ContractFiles.parse(root, dir)) {
			Map<String, Fact> facts = facts(parsed.contract());
			facts.put("folder", Fact.literal(parsed.folder()));
			contracts.put(parsed.name(), facts);
		}
	}

	static Map<String, Fact> facts(Contract contract) {
		Map<String, Fact> facts = new TreeMap<>();
		facts.put("description", Fact.literal(String.valueOf(contract.getDescription()).strip()));
		facts.put("priority", Fact.literal(String.valueOf(contract.getPriority())));
		Request request = contract.getRequest();
		facts.put("request.method", Fact.of(client(request.getMethod())));
		facts.put("request.path", Fact.of(client(ContractFiles.url(request))));
		ContractFiles.queryParameters(request)
			.forEach((parameter) -> facts.put("request.query." + parameter.getName(), Fact.of(client(parameter))));
		if (request.getHeaders() != null) {
			for (Header header : request.getHeaders().getEntries()) {
				facts.put("request.header." + header.getName().toLowerCase(Locale.ROOT), Fact.of(client(header)));
			}
		}
		if (request.getBody() != null) {
			flatten("request.body", client(request.getBody()), facts);
		}
		if (request.getMultipart() != null && client(request.getMultipart()) instanceof Map<?, ?> parts) {
			parts.forEach((name, value) -> {
				if (value instanceof NamedProperty named) {
					facts.put("request.part." + name, Fact.of("file", client(named.getName())));
					facts.put("request.part." + name + ".content", Fact.of(client(named.getValue())));
				}
				else {
					facts.put("request.part." + name, Fact.of(client(value)));
				}
			});
		}
		Response response = contract.getResponse();
		facts.put("response.status", Fact.of(client(response.getStatus())));
		if (response.getHeaders() != null) {
			for (Header header : response.getHeaders().getEntries()) {
				facts.put("response.header." + header.getName().toLowerCase(Locale.ROOT), Fact.of(client(header)));
			}
		}
		if (response.getBody() != null) {
			flatten("response.body", client(response.getBody()), facts);
		}
		if (response.getDelay() != null) {
			facts.put("stub.delay", Fact.of(client(response.getDelay())));
		}
		if (contract.getMetadata().containsKey("wiremock")) {
			facts.put("stub.wiremock", Fact.literal(String.valueOf(contract.getMetadata().get("wiremock"))));
		}
		return facts;
	}

	private static void flatten(String path, @Nullable Object value, Map<String, Fact> facts) {
		Object plain = client(value);
		if (plain instanceof Map<?, ?> map) {
			facts.put(path, Fact.of("object", ""));
			map.forEach((key, child) -> flatten(path + "." + key, child, facts));
		}
		else if (plain instanceof List<?> list) {
			facts.put(path, Fact.of("array", ""));
			list.forEach((element) -> flatten(path + "[]", element, facts));
		}
		else {
			facts.put(path, Fact.of(plain));
		}
	}

	private static @Nullable Object client(@Nullable Object value) {
		Object current = value;
		while (current instanceof DslProperty<?> property && !(current instanceof RegexProperty)) {
			Object next = property.getClientValue();
			if (next == current) {
				break;
			}
			current = next;
		}
		return current;
	}

	/**
	 * One aspect of a contract: the type of its value ({@code string}, {@code number},
	 * {@code boolean}, {@code object}, {@code array}, {@code null}, {@code file}, or
	 * {@code pattern} for a value the stub matches by a regular expression) and the value
	 * (for a pattern, its expression).
	 *
	 * @param type the type
	 * @param value the value
	 */
	public record Fact(String type, String value) {

		static Fact literal(String value) {
			return new Fact("string", value);
		}

		static Fact of(String type, @Nullable Object value) {
			return new Fact(type, text(value));
		}

		static Fact of(@Nullable Object value) {
			if (value == null) {
				return new Fact("null", "");
			}
			if (value instanceof Pattern || value instanceof RegexProperty) {
				return new Fact("pattern", text(value));
			}
			if (value instanceof Number) {
				return new Fact("number", value.toString());
			}
			if (value instanceof Boolean) {
				return new Fact("boolean", value.toString());
			}
			return new Fact("string", value.toString());
		}

		private static String text(@Nullable Object value) {
			if (value instanceof RegexProperty regex) {
				return regex.pattern();
			}
			if (value instanceof Pattern pattern) {
				return pattern.pattern();
			}
			return String.valueOf(value);
		}

		/**
		 * Whether a literal of this fact is one that the given pattern fact matches.
		 * @param pattern a fact of type {@code pattern}
		 * @return whether the pattern accepts this value
		 */
		boolean matchedBy(Fact pattern) {
			return "pattern".equals(pattern.type()) && !"pattern".equals(this.type)
					&& Pattern.compile(pattern.value(), Pattern.DOTALL).matcher(this.value).matches();
		}

		/**
		 * @return the value as a reader expects it: a pattern between slashes
		 */
		String display() {
			return "pattern".equals(this.type) ? "/" + this.value + "/" : this.value;
		}

		@Override
		public String toString() {
			return "pattern".equals(this.type) ? "/" + this.value + "/" : this.type + " " + this.value;
		}

	}

}
