package io.artstore.contract.compat;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.zip.ZipEntry;
import java.util.zip.ZipInputStream;

import org.eclipse.jgit.errors.MissingObjectException;
import org.eclipse.jgit.lib.ObjectId;
import org.eclipse.jgit.lib.ObjectLoader;
import org.eclipse.jgit.lib.Repository;
import org.eclipse.jgit.revwalk.RevCommit;
import org.eclipse.jgit.revwalk.RevWalk;
import org.eclipse.jgit.storage.file.FileRepositoryBuilder;
import org.eclipse.jgit.treewalk.TreeWalk;
import org.eclipse.jgit.treewalk.filter.PathFilter;

import io.artstore.contract.verifier.ContractFiles;

/**
 * The contracts to compare against, taken out into a folder: those of a git ref of this
 * repository ({@code git:<ref>}, read with JGit, no git installation needed), those of an
 * {@code artstore-contracts} jar in a Maven repository
 * ({@code maven:<groupId>:<artifactId>:<version>}, where the version may be
 * {@code LATEST} or {@code RELEASE}), or those of a jar file given by its path.
 *
 * @param contracts the folder holding the baseline's {@code admin/} and {@code storage/}
 * @param version the baseline's version
 * @param description the baseline, in words
 */
public record ContractBaseline(Path contracts, String version, String description) {

	private static final Pattern PARENT_VERSION = Pattern.compile("<parent>.*?<version>([^<]+)</version>",
			Pattern.DOTALL);

	/**
	 * Takes out the baseline's contracts.
	 * @param spec {@code git:<ref>}, {@code maven:<g>:<a>:<v>} or a jar's path
	 * @param projectDir the contracts module's folder (for a {@code git:} baseline, the
	 * same folder is read at that ref)
	 * @param mavenRepository the repository a {@code maven:} baseline is read from: a
	 * {@code file:} or {@code http(s):} URL
	 * @param into an empty folder to put the contracts in
	 * @return the baseline
	 * @throws BaselineUnavailableException when the baseline cannot be read
	 */
	public static ContractBaseline resolve(String spec, Path projectDir, String mavenRepository, Path into) {
		try {
			Files.createDirectories(into);
			if (spec.startsWith("git:")) {
				return fromGit(spec.substring("git:".length()), projectDir, into);
			}
			if (spec.startsWith("maven:")) {
				return fromMaven(spec.substring("maven:".length()), mavenRepository, into);
			}
			Path jar = Path.of(spec);
			unzip(Files.newInputStream(jar), into);
			Matcher version = Pattern.compile("-(\\d[^/]*?)\\.jar$").matcher(jar.getFileName().toString());
			return new ContractBaseline(into, version.find() ? version.group(1) : "0", "jar " + jar);
		}
		catch (IOException ex) {
			throw new BaselineUnavailableException("Cannot read the contracts baseline " + spec + ": " + ex, ex);
		}
	}

	private static ContractBaseline fromGit(String ref, Path projectDir, Path into) throws IOException {
		FileRepositoryBuilder builder = new FileRepositoryBuilder().findGitDir(projectDir.toFile());
		if (builder.getGitDir() == null) {
			throw new BaselineUnavailableException("The contracts baseline git:" + ref + " needs the project's git "
					+ "history, and " + projectDir + " is not in a git repository: give another baseline with "
					+ "-Dcontracts.baseline=maven:io.artstore:artstore-contracts:<version>");
		}
		try (Repository repository = builder.build(); RevWalk walk = new RevWalk(repository)) {
			RevCommit commit = commit(repository, walk, ref);
			String version = "0";
			try (TreeWalk tree = new TreeWalk(repository)) {
				tree.addTree(commit.getTree());
				tree.setRecursive(true);
				String module = repository.getWorkTree()
					.toPath()
					.toRealPath()
					.relativize(projectDir.toRealPath())
					.toString()
					.replace('\\', '/');
				tree.setFilter(PathFilter.create(module));
				while (tree.next()) {
					String path = tree.getPathString().substring(module.length() + 1);
					ObjectLoader blob = repository.open(tree.getObjectId(0));
					if (path.equals("pom.xml")) {
						Matcher parent = PARENT_VERSION.matcher(new String(blob.getBytes(), StandardCharsets.UTF_8));
						version = parent.find() ? parent.group(1).strip() : version;
					}
					else if (ContractFiles.inContractFolder(path)) {
						Path file = into.resolve(path);
						Files.createDirectories(file.getParent());
						Files.write(file, blob.getBytes());
					}
				}
			}
			return new ContractBaseline(into, version, "git:" + ref + " (" + commit.abbreviate(10).name() + ")");
		}
	}

	private static RevCommit commit(Repository repository, RevWalk walk, String ref) throws IOException {
		try {
			ObjectId id = repository.resolve(ref + "^{commit}");
			if (id != null) {
				return walk.parseCommit(id);
			}
		}
		catch (MissingObjectException ex) {
			// a full id of a commit this clone does not hold: as unknown as a missing ref
		}
		throw new BaselineUnavailableException("The contracts baseline git:" + ref + " is not in this clone "
				+ "(a shallow clone? run git fetch --unshallow), or give another baseline with "
				+ "-Dcontracts.baseline=...");
	}

	private static ContractBaseline fromMaven(String coordinates, String repository, Path into) throws IOException {
		String[] parts = coordinates.split(":");
		if (parts.length != 3) {
			throw new BaselineUnavailableException(
					"A maven: baseline is maven:<groupId>:<artifactId>:<version>, not maven:" + coordinates);
		}
		String base = repository.endsWith("/") ? repository : repository + "/";
		String artifactDir = base + parts[0].replace('.', '/') + "/" + parts[1] + "/";
		String version = parts[2];
		if (version.equals("LATEST") || version.equals("RELEASE")) {
			version = metadataVersion(artifactDir, version.equals("LATEST") ? "latest" : "release");
		}
		String jar = artifactDir + version + "/" + parts[1] + "-" + snapshotFileVersion(artifactDir, version) + ".jar";
		try (InputStream in = URI.create(jar).toURL().openStream()) {
			unzip(in, into);
		}
		return new ContractBaseline(into, version, "maven:" + parts[0] + ":" + parts[1] + ":" + version);
	}

	/**
	 * The version in a jar's file name: a snapshot deployed to a repository has a
	 * timestamped one, named in the version's {@code maven-metadata.xml}; in a local
	 * repository, and for a release, it is the version itself.
	 */
	private static String snapshotFileVersion(String artifactDir, String version) {
		if (!version.endsWith("-SNAPSHOT")) {
			return version;
		}
		try (InputStream in = URI.create(artifactDir + version + "/maven-metadata.xml").toURL().openStream()) {
			String metadata = new String(in.readAllBytes(), StandardCharsets.UTF_8);
			Matcher jar = Pattern.compile("<snapshotVersion>\\s*<extension>jar</extension>\\s*<value>([^<]+)</value>")
				.matcher(metadata);
			return jar.find() ? jar.group(1).strip() : version;
		}
		catch (IOException ex) {
			return version;
		}
	}

	private static String metadataVersion(String artifactDir, String element) throws IOException {
		for (String name : new String[] { "maven-metadata.xml", "maven-metadata-local.xml" }) {
			try (InputStream in = URI.create(artifactDir + name).toURL().openStream()) {
				String metadata = new String(in.readAllBytes(), StandardCharsets.UTF_8);
				Matcher version = Pattern.compile("<" + element + ">([^<]+)</" + element + ">").matcher(metadata);
				if (version.find()) {
					return version.group(1).strip();
				}
				Matcher last = Pattern.compile("<version>([^<]+)</version>(?!.*<version>)", Pattern.DOTALL)
					.matcher(metadata);
				if (last.find()) {
					return last.group(1).strip();
				}
			}
			catch (IOException ex) {
				// try the next name: a remote repository has one, a local one the other
			}
		}
		throw new IOException("no version found in " + artifactDir + "maven-metadata.xml");
	}

	private static void unzip(InputStream jar, Path into) throws IOException {
		try (ZipInputStream zip = new ZipInputStream(jar)) {
			for (ZipEntry entry = zip.getNextEntry(); entry != null; entry = zip.getNextEntry()) {
				String name = entry.getName();
				if (entry.isDirectory() || !ContractFiles.inContractFolder(name) || name.contains("..")) {
					continue;
				}
				Path file = into.resolve(name);
				Files.createDirectories(file.getParent());
				Files.copy(zip, file, StandardCopyOption.REPLACE_EXISTING);
			}
		}
	}

	/** The baseline named cannot be read. */
	public static class BaselineUnavailableException extends UncheckedIOException {

		BaselineUnavailableException(String message) {
			super(message, new IOException(message));
		}

		BaselineUnavailableException(String message, IOException cause) {
			super(message, cause);
		}

	}

}
