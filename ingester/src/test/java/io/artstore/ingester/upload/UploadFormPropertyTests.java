package io.artstore.ingester.upload;

import java.util.Map;

import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.CharRange;
import net.jqwik.api.constraints.Chars;
import net.jqwik.api.constraints.StringLength;
import tools.jackson.databind.json.JsonMapper;

import io.artstore.ingester.problem.ProblemException;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/** Properties of upload form validation, over generated field values. */
class UploadFormPropertyTests {

	private final JsonMapper jsonMapper = JsonMapper.builder().build();

	@Property
	void descriptionsUpTo1000CharactersAreKeptAsSent(@ForAll @StringLength(max = 1000) @CharRange(from = ' ',
			to = '~') @CharRange(from = '\u00a0', to = '\ud7ff') @Chars({ '\t', '\n', '\r' }) String description) {
		assertThat(parse(Map.of("description", description)).description()).isEqualTo(description);
	}

	@Property
	void descriptionsWithOtherControlCharactersAreRefused(@ForAll @StringLength(max = 100) String before,
			@ForAll @CharRange(from = '\u0000', to = '\u0008') char control) {
		assertRefused(Map.of("description", before + control), "invalid-description");
	}

	@Property
	void longerDescriptionsAreRefused(@ForAll @StringLength(min = 1001, max = 5000) String description) {
		assertRefused(Map.of("description", description), "description-too-long");
	}

	@Property
	void ttlDaysFrom1To365AreAcceptedForTemporaryFiles(@ForAll @IntRange(min = 1, max = 365) int days) {
		UploadForm form = parse(Map.of("ttl_days", String.valueOf(days)));
		assertThat(form.retentionPolicy()).isEqualTo(RetentionPolicy.TEMPORARY);
		assertThat(form.ttlDays()).isEqualTo(days);
	}

	@Property
	void ttlDaysOutsideTheRangeAreRefused(@ForAll("outOfRange") int days) {
		assertRefused(Map.of("ttl_days", String.valueOf(days)), "invalid-ttl-days");
	}

	@Property
	void ttlDaysThatAreNotWholeNumbersAreRefused(@ForAll("notWholeNumbers") String days) {
		assertRefused(Map.of("ttl_days", days), "invalid-ttl-days");
	}

	@Property
	void permanentFilesTakeNoTtlAtAll(@ForAll @IntRange(min = -10, max = 400) int days) {
		assertRefused(Map.of("retention_policy", "permanent", "ttl_days", String.valueOf(days)), "invalid-ttl-days");
	}

	@Property
	void retentionPoliciesOtherThanTheTwoKnownAreRefused(@ForAll String policy) {
		if (policy.equals("temporary") || policy.equals("permanent")) {
			return;
		}
		assertRefused(Map.of("retention_policy", policy), "invalid-retention-policy");
	}

	@Property
	void anyJsonObjectIsAcceptedAsMetadata(@ForAll("jsonObjects") Map<String, String> metadata) {
		String json = this.jsonMapper.writeValueAsString(metadata);
		UploadForm form = parse(Map.of("metadata", json));
		assertThat(this.jsonMapper.readTree(form.metadataJson())).isEqualTo(this.jsonMapper.readTree(json));
	}

	@Property
	void jsonThatIsNotAnObjectIsRefusedAsMetadata(@ForAll("jsonNonObjects") String metadata) {
		assertRefused(Map.of("metadata", metadata), "invalid-metadata");
	}

	@Provide
	Arbitrary<Integer> outOfRange() {
		return Arbitraries.oneOf(Arbitraries.integers().lessOrEqual(0), Arbitraries.integers().greaterOrEqual(366));
	}

	@Provide
	Arbitrary<String> notWholeNumbers() {
		return Arbitraries.strings().ofMinLength(1).filter((value) -> !value.strip().matches("[0-9]+"));
	}

	@Provide
	Arbitrary<Map<String, String>> jsonObjects() {
		return Arbitraries.maps(Arbitraries.strings().ofMaxLength(10), Arbitraries.strings().ofMaxLength(20))
			.ofMaxSize(5);
	}

	@Provide
	Arbitrary<String> jsonNonObjects() {
		return Arbitraries.oneOf(Arbitraries.integers().map(String::valueOf),
				Arbitraries.strings().alpha().map((text) -> "\"" + text + "\""),
				Arbitraries.integers().list().ofMaxSize(4).map(Object::toString),
				Arbitraries.of("true", "null", "{", "{\"a\":"));
	}

	private UploadForm parse(Map<String, String> fields) {
		return UploadForm.parse(fields, this.jsonMapper);
	}

	private void assertRefused(Map<String, String> fields, String type) {
		assertThatExceptionOfType(ProblemException.class).isThrownBy(() -> parse(fields))
			.satisfies((ex) -> assertThat(ex.toProblemDetail().getType().toString()).endsWith("/" + type))
			.satisfies((ex) -> assertThat(ex.status().value()).isEqualTo(400));
	}

}
