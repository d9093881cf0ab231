package io.artstore.contract.verifier;

import java.io.IOException;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Properties;

import org.jspecify.annotations.Nullable;

/**
 * The real services the contracts describe, at the commit they were checked against:
 * {@code upstream.properties} at the root of the contracts.
 *
 * @param repository the services' repository
 * @param commit the commit, in full
 * @param date the commit's date
 */
public record UpstreamPin(String repository, String commit, String date) {

	/** The file's name. */
	public static final String FILE = "upstream.properties";

	/**
	 * Reads the pin of a contracts tree.
	 * @param contractsDir the contracts' root or one of its folders
	 * @return the pin, or {@code null} when no folder up from there has one
	 */
	public static @Nullable UpstreamPin of(Path contractsDir) {
		Path file = find(contractsDir);
		if (file != null) {
			Properties properties = new Properties();
			try (Reader reader = Files.newBufferedReader(file)) {
				properties.load(reader);
			}
			catch (IOException ex) {
				throw new UncheckedIOException(ex);
			}
			return new UpstreamPin(properties.getProperty("repository", ""), properties.getProperty("commit", ""),
					properties.getProperty("date", ""));
		}
		return null;
	}

	/**
	 * Copies the pin of a contracts tree into a folder that holds a copy of its contracts
	 * (a stubs jar's content), so that the pin travels with them.
	 * @param contractsDir the contracts' root or one of its folders
	 * @param dir the folder to copy it into
	 */
	public static void copy(Path contractsDir, Path dir) {
		Path file = find(contractsDir);
		if (file != null) {
			try {
				Files.createDirectories(dir);
				Files.copy(file, dir.resolve(FILE), StandardCopyOption.REPLACE_EXISTING);
			}
			catch (IOException ex) {
				throw new UncheckedIOException(ex);
			}
		}
	}

	private static @Nullable Path find(Path contractsDir) {
		for (Path dir = contractsDir.toAbsolutePath(); dir != null; dir = dir.getParent()) {
			Path file = dir.resolve(FILE);
			if (Files.isRegularFile(file)) {
				return file;
			}
		}
		return null;
	}

	/** The commit, shortened as git shows it. */
	public String shortCommit() {
		return this.commit.substring(0, Math.min(7, this.commit.length()));
	}

}
