package io.artstore.ingester.problem;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The README's table of problems and the catalogue ({@link ProblemType}) say the same:
 * every problem the ingester answers with is documented with its status, and the table
 * names no problem that does not exist.
 */
class ProblemCatalogueTests {

	private static final Pattern ROW = Pattern.compile("^\\| (\\d{3}) \\| ([^|]+) \\|");

	private static final Pattern TYPE = Pattern.compile("`([a-z]+(?:-[a-z]+)*)`");

	@Test
	void readmeTableAndCatalogueAgree() throws IOException {
		Map<String, Integer> documented = documentedProblems();
		Map<String, Integer> catalogued = new HashMap<>();
		Arrays.stream(ProblemType.values()).forEach((type) -> catalogued.put(type.type(), type.status().value()));

		assertThat(documented).as("problems in README.md's table, with their status").isEqualTo(catalogued);
	}

	@Test
	void typesAndTitlesAreUnique() {
		List<ProblemType> types = List.of(ProblemType.values());
		assertThat(types.stream().map(ProblemType::type)).doesNotHaveDuplicates();
		assertThat(types.stream().map(ProblemType::title)).doesNotHaveDuplicates();
	}

	private static Map<String, Integer> documentedProblems() throws IOException {
		List<String> lines = Files.readAllLines(Path.of("..", "README.md"));
		int header = lines.indexOf("| status | type | when |");
		assertThat(header).as("the problem table's header in README.md").isNotNegative();
		Map<String, Integer> documented = new HashMap<>();
		for (String line : lines.subList(header + 2, lines.size())) {
			Matcher row = ROW.matcher(line);
			if (!row.find()) {
				break;
			}
			Matcher type = TYPE.matcher(row.group(2));
			while (type.find()) {
				documented.put(type.group(1), Integer.parseInt(row.group(1)));
			}
		}
		return documented;
	}

}
