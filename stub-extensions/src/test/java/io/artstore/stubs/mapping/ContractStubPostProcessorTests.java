package io.artstore.stubs.mapping;

import java.util.regex.Pattern;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class ContractStubPostProcessorTests {

	@Test
	void aFileNamePatternCannotRunPastItsClosingQuote() {
		Pattern filename = Pattern
			.compile("(?s).*\\bfilename=\"" + ContractStubPostProcessor.withinQuotes(".+") + "\".*");

		assertThat(filename.matcher("form-data; name=\"file\"; filename=\"a.txt\"").matches()).isTrue();
		assertThat(filename.matcher("form-data; filename=\"\"; name=\"file\"").matches()).isFalse();
	}

	@Test
	void quotedLiteralsCharacterClassesAndEscapesAreKept() {
		assertThat(ContractStubPostProcessor.withinQuotes(Pattern.quote("sample.txt"))).isEqualTo("\\Qsample.txt\\E");
		assertThat(ContractStubPostProcessor.withinQuotes("[.a-z]+\\.pdf")).isEqualTo("[.a-z]+\\.pdf");
		assertThat(ContractStubPostProcessor.withinQuotes(".*\\.pdf")).isEqualTo("[^\"]*\\.pdf");
	}

}
