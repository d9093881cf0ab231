package io.artstore.contract.verifier;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * Checks that every contract file produced both a generated test and a stub mapping (only
 * a mapping for those in a {@value #CONSUMER_ONLY} folder). The contract plugin only logs
 * a warning when it cannot parse a contract and carries on without it; this turns that
 * silent loss into a failed build.
 */
public final class GeneratedContractOutput {

	private static final Set<String> CONTRACT_EXTENSIONS = Set.of("groovy", "yml", "yaml");

	/**
	 * The folder of contracts that no producer can show on request (a connection reset):
	 * they get a stub and must not get a test.
	 */
	public static final String CONSUMER_ONLY = "consumer-only";

	private GeneratedContractOutput() {
	}

	/**
	 * Lists what is missing: one line per contract without a generated test or a mapping.
	 * @param contractsDir the folder the contracts were read from
	 * @param generatedTestsDir the folder the plugin wrote the generated tests to
	 * @param stubsDir the folder the plugin wrote the stub mappings to
	 * @return the missing outputs, empty when every contract produced both
	 */
	public static List<String> missingOutputs(Path contractsDir, Path generatedTestsDir, Path stubsDir) {
		List<String> contracts = contractNames(contractsDir);
		if (contracts.isEmpty()) {
			return List.of("no contract files found in " + contractsDir);
		}
		String generatedSources = readAll(generatedTestsDir, ".java");
		Set<String> mappings = fileNames(stubsDir, ".json");
		Set<String> consumerOnly = consumerOnlyNames(contractsDir);
		List<String> missing = new ArrayList<>();
		for (String contract : contracts) {
			boolean tested = generatedSources.contains("void validate_" + contract + "()");
			if (!tested && !consumerOnly.contains(contract)) {
				missing.add(contract + ": no generated test");
			}
			if (tested && consumerOnly.contains(contract)) {
				missing.add(contract + ": a test was generated for a consumer-only contract");
			}
			if (!mappings.contains(contract + ".json")) {
				missing.add(contract + ": no stub mapping");
			}
		}
		return missing;
	}

	private static Set<String> consumerOnlyNames(Path dir) {
		try (Stream<Path> files = Files.walk(dir)) {
			return files.filter(Files::isRegularFile)
				.filter((file) -> dir.relativize(file).toString().contains(CONSUMER_ONLY + "/"))
				.map((file) -> file.getFileName().toString())
				.map((name) -> name.substring(0, name.lastIndexOf('.')))
				.collect(Collectors.toSet());
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

	private static List<String> contractNames(Path dir) {
		try (Stream<Path> files = Files.walk(dir)) {
			return files.filter(Files::isRegularFile)
				.map((file) -> file.getFileName().toString())
				.filter((name) -> CONTRACT_EXTENSIONS.contains(name.substring(name.lastIndexOf('.') + 1)))
				.map((name) -> name.substring(0, name.lastIndexOf('.')))
				.sorted()
				.toList();
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

	private static Set<String> fileNames(Path dir, String suffix) {
		if (!Files.isDirectory(dir)) {
			return Set.of();
		}
		try (Stream<Path> files = Files.walk(dir)) {
			return files.map((file) -> file.getFileName().toString())
				.filter((name) -> name.endsWith(suffix))
				.collect(Collectors.toSet());
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

	private static String readAll(Path dir, String suffix) {
		if (!Files.isDirectory(dir)) {
			return "";
		}
		try (Stream<Path> files = Files.walk(dir)) {
			StringBuilder all = new StringBuilder();
			for (Path file : files.filter((f) -> f.toString().endsWith(suffix)).toList()) {
				all.append(Files.readString(file));
			}
			return all.toString();
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

}
