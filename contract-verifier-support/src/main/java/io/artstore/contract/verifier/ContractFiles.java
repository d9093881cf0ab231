package io.artstore.contract.verifier;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

import org.springframework.cloud.contract.spec.Contract;
import org.springframework.cloud.contract.spec.internal.DslProperty;
import org.springframework.cloud.contract.spec.internal.QueryParameter;
import org.springframework.cloud.contract.spec.internal.Request;
import org.springframework.cloud.contract.verifier.util.ContractVerifierDslConverter;

/**
 * Groovy contract files read with the contract tooling's own parser, for the
 * compatibility diff and the catalogue.
 */
public final class ContractFiles {

	/** The folders of the contracts: one per producer, each its own stubs jar. */
	public static final List<String> FOLDERS = List.of("admin", "storage");

	private ContractFiles() {
	}

	/**
	 * Whether a path of a contracts jar or tree is a contract's, under one of
	 * {@link #FOLDERS}.
	 * @param path the path, with {@code /} separators
	 * @return whether it lies in a contracts folder
	 */
	public static boolean inContractFolder(String path) {
		return FOLDERS.stream().anyMatch((folder) -> path.startsWith(folder + "/"));
	}

	/**
	 * The URL of a request, whether given with {@code url} or {@code urlPath}.
	 * @param request the request
	 * @return its URL property
	 */
	public static DslProperty<?> url(Request request) {
		return (request.getUrl() != null) ? request.getUrl() : request.getUrlPath();
	}

	/**
	 * Parses every Groovy contract under a folder.
	 * @param root the root the contracts' folders are relative to
	 * @param dir the folder under it to read
	 * @return the contracts, in the order of their files' paths
	 */
	public static List<ParsedContract> parse(Path root, Path dir) {
		List<ParsedContract> parsed = new ArrayList<>();
		try (Stream<Path> files = Files.walk(dir)) {
			for (Path file : files.filter((f) -> f.toString().endsWith(".groovy")).sorted().toList()) {
				String folder = root.relativize(file.getParent()).toString().replace('\\', '/');
				String baseName = file.getFileName().toString().replaceFirst("\\.groovy$", "");
				for (Contract contract : ContractVerifierDslConverter.convertAsCollection(root.toFile(),
						file.toFile())) {
					parsed.add(new ParsedContract((contract.getName() != null) ? contract.getName() : baseName, folder,
							contract));
				}
			}
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
		return parsed;
	}

	/**
	 * The query parameters of a request, whether given with {@code url} or
	 * {@code urlPath}.
	 * @param request the request
	 * @return its query parameters, in order
	 */
	public static List<QueryParameter> queryParameters(Request request) {
		if (request.getUrl() != null && request.getUrl().getQueryParameters() != null) {
			return request.getUrl().getQueryParameters().getParameters();
		}
		if (request.getUrlPath() != null && request.getUrlPath().getQueryParameters() != null) {
			return request.getUrlPath().getQueryParameters().getParameters();
		}
		return List.of();
	}

	/**
	 * A contract with where it was read from.
	 *
	 * @param name its name (the file's base name unless the contract names itself)
	 * @param folder its folder, relative to the root
	 * @param contract the contract
	 */
	public record ParsedContract(String name, String folder, Contract contract) {

	}

}
