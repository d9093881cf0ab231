package io.artstore.contract.compat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.TreeMap;

import org.assertj.core.api.InstanceOfAssertFactories;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import io.artstore.contract.compat.ContractChange.Kind;
import io.artstore.contract.compat.ContractFacts.Fact;

import static org.assertj.core.api.Assertions.assertThat;

class CompatibilityDiffTests {

	private static final String FIND = """
			import org.springframework.cloud.contract.spec.Contract
			Contract.make {
				description 'DESCRIPTION'
				request {
					method GET()
					url $(consumer(regex('/api/v1/files/[0-9a-f-]+')), producer('/api/v1/files/1'))
					headers {
						header(authorization(), $(consumer(regex('Bearer .+')), producer('Bearer x')))
					}
				}
				response {
					status STATUS
					headers {
						contentType(applicationJson())
					}
					body(BODY)
				}
			}
			""";

	private static final String BODY = "file_id: '3b9e5a2c', file_size: 20, tags: ['a']";

	@TempDir
	Path dir;

	@Test
	void unchangedContractsHaveNoChange() throws IOException {
		assertThat(diff(find(BODY), find(BODY)).changes()).isEmpty();
	}

	@Test
	void aResponseFieldRemovedOrRetypedBreaksConsumers() throws IOException {
		CompatibilityDiff removed = diff(find(BODY), find("file_id: '3b9e5a2c', tags: ['a']"));
		CompatibilityDiff retyped = diff(find(BODY), find("file_id: '3b9e5a2c', file_size: '20', tags: ['a']"));

		assertThat(removed.changes(Kind.BREAKING)).extracting(ContractChange::what)
			.containsExactly("`response.body.file_size` removed (was number 20)");
		assertThat(retyped.changes(Kind.BREAKING)).extracting(ContractChange::what)
			.containsExactly("`response.body.file_size` changed from number 20 to string 20");
	}

	@Test
	void aStatusChangedOrAPathMovedOrAContractRemovedBreaksConsumers() throws IOException {
		CompatibilityDiff status = diff(find(BODY), find(BODY).replace("OK()", "ACCEPTED()"));
		CompatibilityDiff moved = diff(find(BODY), find(BODY).replace("/api/v1/files/", "/api/v2/files/"));
		CompatibilityDiff method = diff(find(BODY), find(BODY).replace("method GET()", "method POST()"));
		CompatibilityDiff removed = CompatibilityDiff.between(Map.of("shouldFind", facts(find(BODY))), Map.of());

		assertThat(status.changes(Kind.BREAKING)).extracting(ContractChange::what)
			.containsExactly("`response.status` changed from number 200 to number 202");
		assertThat(moved.changes(Kind.BREAKING)).singleElement()
			.satisfies((change) -> assertThat(change.what()).startsWith("`request.path` changed"));
		assertThat(method.changes(Kind.BREAKING)).hasSize(1);
		assertThat(removed.changes())
			.containsExactly(new ContractChange(Kind.BREAKING, "shouldFind", "contract removed"));
	}

	@Test
	void aNewContractOrANewResponseFieldIsANewDemandOnProducers() throws IOException {
		CompatibilityDiff field = diff(find(BODY), find(BODY + ", checksum: 'a702'"));
		CompatibilityDiff added = CompatibilityDiff.between(Map.of(), Map.of("shouldFind", facts(find(BODY))));

		assertThat(field.changes()).extracting(ContractChange::kind, ContractChange::what)
			.containsExactly(org.assertj.core.groups.Tuple.tuple(Kind.NEW_DEMAND,
					"`response.body.checksum` added (string a702)"));
		assertThat(added.changes()).singleElement()
			.satisfies((change) -> assertThat(change.kind()).isEqualTo(Kind.NEW_DEMAND));
	}

	@Test
	void aNewDescriptionOrAnotherExampleOfTheSameTypeOrAWiderMatcherIsCompatible() throws IOException {
		String literalToken = find(BODY).replace("$(consumer(regex('Bearer .+')), producer('Bearer x'))", "'Bearer x'");
		CompatibilityDiff diff = diff(literalToken,
				find("file_id: '9f00aa11', file_size: 21, tags: ['b']").replace("DESCRIPTION", "clearer words"));

		assertThat(diff.changes()).hasSize(5)
			.allSatisfy((change) -> assertThat(change.kind()).isEqualTo(Kind.COMPATIBLE));
	}

	@Test
	void aRequestPatternReplacedByAnotherIsTakenAsBreakingForItCannotBeShownWider() throws IOException {
		CompatibilityDiff diff = diff(find(BODY), find(BODY).replace("regex('Bearer .+')", "regex('Bearer .*')"));

		assertThat(diff.changes(Kind.BREAKING)).extracting(ContractChange::what)
			.containsExactly("`request.header.authorization` changed from /Bearer .+/ to /Bearer .*/");
	}

	@Test
	void aNewRequestRequirementBreaksConsumersWhoseRequestsNoLongerMatch() throws IOException {
		CompatibilityDiff diff = diff(find(BODY), find(BODY).replace("header(authorization(),",
				"header('X-Tenant', 'a')\n\t\t\t\theader(authorization(),"));

		assertThat(diff.changes(Kind.BREAKING)).extracting(ContractChange::what)
			.containsExactly("`request.header.x-tenant` added (string a)");
	}

	@Test
	void anotherPriorityOrStubBehaviourBreaksConsumersAndAHeaderNamesCaseDoesNot() throws IOException {
		String slow = FIND.replace("body(BODY)", "body(BODY)\n\t\tfixedDelayMilliseconds(2000)")
			.replace("BODY", BODY)
			.replace("STATUS", "OK()");
		CompatibilityDiff priority = diff(find(BODY),
				find(BODY).replace("description 'DESCRIPTION'", "description 'DESCRIPTION'\n\tpriority 5"));
		CompatibilityDiff delay = diff(find(BODY), slow);
		CompatibilityDiff headerCase = diff(find(BODY),
				find(BODY).replace("header(authorization(),", "header('AUTHORIZATION',"));

		assertThat(priority.changes(Kind.BREAKING)).extracting(ContractChange::what)
			.singleElement(org.assertj.core.api.InstanceOfAssertFactories.STRING)
			.startsWith("`priority` changed");
		assertThat(delay.changes(Kind.BREAKING)).extracting(ContractChange::what)
			.containsExactly("`stub.delay` added (number 2000)");
		assertThat(headerCase.changes()).isEmpty();
	}

	@Test
	void aBreakingChangeNeedsANewMajorVersion() throws IOException {
		CompatibilityDiff breaking = diff(find(BODY), find("file_id: '3b9e5a2c'"));
		CompatibilityDiff compatible = diff(find(BODY), find(BODY).replace("DESCRIPTION", "other"));

		assertThat(breaking.allowedBetween("0.1.0", "0.2.0-SNAPSHOT")).isFalse();
		assertThat(breaking.allowedBetween("0.1.0", "1.0.0-SNAPSHOT")).isTrue();
		assertThat(compatible.allowedBetween("0.1.0", "0.1.1-SNAPSHOT")).isTrue();
		assertThat(breaking.report("git:abc", "0.1.0", "0.2.0")).contains(
				"**breaking changes without a new major version: the build fails.**",
				"| breaking for consumers | `shouldFind` | `response.body.file_size` removed (was number 20) |");
	}

	@Test
	void aContractMovedToPendingBreaksConsumersAndOneOutOfItIsANewDemand() throws IOException {
		Map<String, Fact> offered = withFolder(facts(find(BODY)), "storage/files");
		Map<String, Fact> pending = withFolder(facts(find(BODY)), "storage/pending/files");

		CompatibilityDiff toPending = CompatibilityDiff.between(Map.of("shouldFind", offered),
				Map.of("shouldFind", pending));
		CompatibilityDiff promoted = CompatibilityDiff.between(Map.of("shouldFind", pending),
				Map.of("shouldFind", offered));

		assertThat(toPending.changes(Kind.BREAKING)).extracting(ContractChange::what)
			.singleElement(InstanceOfAssertFactories.STRING)
			.startsWith("moved to pending");
		assertThat(toPending.report("git:abc", "0.1.0", "1.0.0")).contains(
				"- pending contracts (asked of a producer, offered by no real service yet): shouldFind",
				"| breaking for consumers | `shouldFind` *(pending)* | moved to pending");
		assertThat(promoted.changes(Kind.NEW_DEMAND)).extracting(ContractChange::what)
			.singleElement(InstanceOfAssertFactories.STRING)
			.startsWith("promoted from pending");
		assertThat(promoted.report("git:abc", "0.1.0", "1.0.0"))
			.contains("- pending contracts (asked of a producer, offered by no real service yet): none");
		assertThat(CompatibilityDiff.between(Map.of(), Map.of("shouldFind", pending)).changes())
			.as("a new pending contract asks producers and promises consumers nothing")
			.singleElement()
			.satisfies((change) -> assertThat(change.kind()).isEqualTo(Kind.COMPATIBLE));
	}

	private static Map<String, Fact> withFolder(Map<String, Fact> facts, String folder) {
		Map<String, Fact> moved = new TreeMap<>(facts);
		moved.put("folder", Fact.literal(folder));
		return moved;
	}

	private CompatibilityDiff diff(String before, String after) throws IOException {
		return CompatibilityDiff.between(Map.of("shouldFind", facts(before)), Map.of("shouldFind", facts(after)));
	}

	private Map<String, Fact> facts(String contract) throws IOException {
		Path root = Files.createTempDirectory(this.dir, "contracts");
		Files.writeString(root.resolve("shouldFind.groovy"), contract);
		return ContractFacts.read(root).get("shouldFind");
	}

	private static String find(String body) {
		return FIND.replace("BODY", body).replace("STATUS", "OK()");
	}

}
