package io.artstore.stubs.coverage;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.jspecify.annotations.Nullable;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.core.io.Resource;
import org.springframework.core.io.support.PathMatchingResourcePatternResolver;

/**
 * Which contract each stub request matched, per test class, set against the contracts the
 * stubs offer: the contracts no request used and the requests no contract matched are the
 * consumer's coverage gaps. Read from what {@link StubUsageRecorder} wrote during the
 * consumer's tests and from the stub jars on the classpath.
 */
public final class StubCoverage {

	private static final Pattern MAPPING_PATH = Pattern.compile("META-INF/([^/]+)/([^/]+)/([^/]+)/mappings/.+\\.json$");

	private static final JsonMapper JSON = JsonMapper.builder().build();

	private final Map<String, String> stubsByContract;

	private final Map<String, String> knowinglyUnused;

	private final Map<String, Set<String>> testsByContract = new TreeMap<>();

	private final Map<String, Integer> requestsByContract = new TreeMap<>();

	private final List<UnmatchedRequest> unmatched = new ArrayList<>();

	private StubCoverage(Map<String, String> stubsByContract, Map<String, String> knowinglyUnused) {
		this.stubsByContract = stubsByContract;
		this.knowinglyUnused = knowinglyUnused;
	}

	/**
	 * Sets the recorded stub usage against the offered contracts.
	 * @param usageFile what {@link StubUsageRecorder} wrote (no file: no request)
	 * @param stubsByContract the offered contracts by name, each with the stubs artifact
	 * that offers it
	 * @return the coverage
	 */
	public static StubCoverage of(Path usageFile, Map<String, String> stubsByContract) {
		return of(usageFile, stubsByContract, Map.of());
	}

	/**
	 * Sets the recorded stub usage against the offered contracts, some of which this
	 * consumer knowingly does not use.
	 * @param usageFile what {@link StubUsageRecorder} wrote (no file: no request)
	 * @param stubsByContract the offered contracts by name, each with the stubs artifact
	 * that offers it
	 * @param knowinglyUnused contracts this consumer does not use, each with the reason;
	 * they are reported as such, and one that a test does use is a problem (the reason
	 * went stale)
	 * @return the coverage
	 */
	public static StubCoverage of(Path usageFile, Map<String, String> stubsByContract,
			Map<String, String> knowinglyUnused) {
		StubCoverage coverage = new StubCoverage(new TreeMap<>(stubsByContract), new TreeMap<>(knowinglyUnused));
		if (Files.exists(usageFile)) {
			try {
				for (String line : Files.readAllLines(usageFile)) {
					if (!line.isBlank()) {
						coverage.add(JSON.readTree(line));
					}
				}
			}
			catch (IOException ex) {
				throw new UncheckedIOException(ex);
			}
		}
		return coverage;
	}

	/**
	 * The contracts offered by the stub jars of the given group on the classpath, read
	 * from their mappings ({@code META-INF/<group>/<artifact>/<version>/mappings}).
	 * @param groupId the stubs' group
	 * @return each contract's name with {@code artifact:version}
	 */
	public static Map<String, String> contractsOnClasspath(String groupId) {
		Map<String, String> contracts = new TreeMap<>();
		try {
			Resource[] mappings = new PathMatchingResourcePatternResolver()
				.getResources("classpath*:META-INF/" + groupId + "/*/*/mappings/**/*.json");
			for (Resource mapping : mappings) {
				Matcher path = MAPPING_PATH.matcher(mapping.getURL().toString());
				if (!path.find()) {
					continue;
				}
				String stubs = path.group(2) + ":" + path.group(3);
				String name = contractName(mapping);
				String earlier = contracts.put(name, stubs);
				if (earlier != null && !earlier.equals(stubs)) {
					throw new IllegalStateException(
							"Contract " + name + " is offered by both " + earlier + " and " + stubs);
				}
			}
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
		return contracts;
	}

	private static String contractName(Resource mapping) throws IOException {
		try (InputStream in = mapping.getInputStream()) {
			JsonNode name = JSON.readTree(in).get("name");
			if (name != null && !name.isNull()) {
				return name.asString();
			}
		}
		String file = mapping.getFilename();
		return (file != null) ? file.substring(0, file.length() - ".json".length()) : mapping.toString();
	}

	private void add(JsonNode line) {
		String test = line.get("test").asString();
		if (line.get("matched").asBoolean()) {
			String contract = line.get("contract").asString();
			this.testsByContract.computeIfAbsent(contract, (name) -> new TreeSet<>()).add(test);
			this.requestsByContract.merge(contract, 1, Integer::sum);
		}
		else {
			JsonNode nearMisses = line.get("nearMisses");
			this.unmatched.add(new UnmatchedRequest(test, line.get("method").asString(), line.get("url").asString(),
					(nearMisses == null || nearMisses.isNull()) ? null : nearMisses.asString()));
		}
	}

	/**
	 * @return the offered contracts that no request matched, by name
	 */
	public List<String> unusedContracts() {
		return this.stubsByContract.keySet()
			.stream()
			.filter((name) -> !this.testsByContract.containsKey(name) && !this.knowinglyUnused.containsKey(name))
			.toList();
	}

	/**
	 * @return the requests that reached a stub server and matched no contract
	 */
	public List<UnmatchedRequest> unmatchedRequests() {
		return List.copyOf(this.unmatched);
	}

	/**
	 * @param contract a contract's name
	 * @return the test classes whose requests matched it, by name
	 */
	public Set<String> testsUsing(String contract) {
		return this.testsByContract.getOrDefault(contract, Set.of());
	}

	/**
	 * What fails the consumer's build, one line each, naming the contract or the request.
	 * @return the problems, empty when every contract was used and every request matched
	 */
	public List<String> problems() {
		List<String> problems = new ArrayList<>();
		unusedContracts().forEach((name) -> problems
			.add("contract " + name + " (" + this.stubsByContract.get(name) + ") was not used by any test"));
		this.testsByContract.keySet()
			.stream()
			.filter((name) -> !this.stubsByContract.containsKey(name))
			.forEach((name) -> problems.add("requests from " + String.join(", ", testsUsing(name))
					+ " matched the stub mapping '" + name + "', which no contract in the stub jars offers"));
		this.knowinglyUnused.keySet()
			.stream()
			.filter(this.testsByContract::containsKey)
			.forEach((name) -> problems.add("contract " + name + " is listed as not used by this consumer ("
					+ this.knowinglyUnused.get(name) + ") but " + String.join(", ", testsUsing(name)) + " used it"));
		this.knowinglyUnused.keySet()
			.stream()
			.filter((name) -> !this.stubsByContract.containsKey(name))
			.forEach((name) -> problems.add("contract " + name + " is listed as not used, and no stub jar offers it"));
		this.unmatched.forEach((request) -> problems.add("request " + request.method() + " " + request.url() + " from "
				+ request.test() + " matched no contract" + request.closest()));
		return problems;
	}

	/**
	 * The coverage as a Markdown page: every offered contract with the number of requests
	 * that matched it and the test classes they came from, then the unmatched requests
	 * with WireMock's near-miss reports.
	 * @return the page
	 */
	public String report() {
		StringBuilder page = new StringBuilder("# Stub coverage\n\n");
		page.append("Which contract each request to a stub server matched, per test class. ")
			.append("A contract that no test used, or a request that matched no contract, fails the build.\n\n");
		page.append("| contract | stubs | requests | test classes |\n|---|---|---|---|\n");
		this.stubsByContract.forEach((name, stubs) -> page.append("| `")
			.append(name)
			.append("` | ")
			.append(stubs)
			.append(" | ")
			.append(this.requestsByContract.getOrDefault(name, 0))
			.append(" | ")
			.append(this.testsByContract.containsKey(name) ? String.join("<br>", simpleNames(testsUsing(name)))
					: this.knowinglyUnused.containsKey(name)
							? "not used by this consumer: " + this.knowinglyUnused.get(name) : "**not used**")
			.append(" |\n"));
		Set<String> unknown = new TreeSet<>(this.testsByContract.keySet());
		unknown.removeAll(this.stubsByContract.keySet());
		unknown.forEach((name) -> page.append("| `")
			.append(name)
			.append("` | (not in the stub jars) | ")
			.append(this.requestsByContract.get(name))
			.append(" | ")
			.append(String.join("<br>", simpleNames(testsUsing(name))))
			.append(" |\n"));
		page.append("\n## Requests no contract matched\n\n");
		if (this.unmatched.isEmpty()) {
			page.append("None.\n");
		}
		for (UnmatchedRequest request : this.unmatched) {
			page.append("- `")
				.append(request.method())
				.append(' ')
				.append(request.url())
				.append("` from ")
				.append(request.test())
				.append('\n');
			if (request.nearMisses() != null) {
				page.append("\n```\n").append(request.nearMisses().strip()).append("\n```\n\n");
			}
		}
		return page.toString();
	}

	private static List<String> simpleNames(Set<String> classes) {
		return classes.stream().map((name) -> name.substring(name.lastIndexOf('.') + 1)).toList();
	}

	/**
	 * A request that reached a stub server and matched no contract.
	 *
	 * @param test the test class that was running
	 * @param method the HTTP method
	 * @param url the path and query
	 * @param nearMisses WireMock's report of the closest stubs and how they differ
	 */
	public record UnmatchedRequest(String test, String method, String url, @Nullable String nearMisses) {

		String closest() {
			if (this.nearMisses == null) {
				return "";
			}
			// WireMock's plain-text diff: a header row "| Closest stub | Request |", a
			// rule, then the closest stub's name (when it has one) as the first text in
			// the left column.
			List<String> lines = this.nearMisses.lines().toList();
			for (int header = 0; header < lines.size(); header++) {
				if (lines.get(header).contains("| Closest stub")) {
					for (String line : lines.subList(Math.min(header + 2, lines.size()), lines.size())) {
						String left = line.contains("|") ? line.substring(0, line.indexOf('|')) : line;
						if (!left.isBlank()) {
							return " (closest: " + left.strip() + ")";
						}
					}
				}
			}
			return "";
		}

	}

}
