package io.artstore.contract.compat;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;

import org.eclipse.jgit.api.Git;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

class ContractBaselineTests {

	private static final String CONTRACT = "storage/files/shouldStore.groovy";

	@TempDir
	Path dir;

	@Test
	void aGitRefGivesTheContractsAndTheVersionOfThatCommit() throws Exception {
		Path project = this.dir.resolve("project");
		write(project.resolve("contracts/pom.xml"),
				"<project><parent><artifactId>p</artifactId><version>2.3.0</version></parent></project>");
		write(project.resolve("contracts/" + CONTRACT), "first");
		try (Git git = Git.init().setDirectory(project.toFile()).call()) {
			git.add().addFilepattern(".").call();
			git.commit().setMessage("contracts 2.3.0").setSign(false).call();
			write(project.resolve("contracts/" + CONTRACT), "changed after");
			git.add().addFilepattern(".").call();
			git.commit().setMessage("later").setSign(false).call();
		}

		ContractBaseline baseline = ContractBaseline.resolve("git:HEAD~1", project.resolve("contracts"), "file:/none",
				this.dir.resolve("out"));

		assertThat(baseline.version()).isEqualTo("2.3.0");
		assertThat(baseline.contracts().resolve(CONTRACT)).hasContent("first");
		assertThat(baseline.description()).startsWith("git:HEAD~1 (");
	}

	@Test
	void aRefTheCloneDoesNotHaveIsAnErrorThatSaysWhatToDo() throws Exception {
		Path project = this.dir.resolve("project");
		write(project.resolve("README"), "x");
		try (Git git = Git.init().setDirectory(project.toFile()).call()) {
			git.add().addFilepattern(".").call();
			git.commit().setMessage("only").setSign(false).call();
		}

		assertThatExceptionOfType(ContractBaseline.BaselineUnavailableException.class)
			.isThrownBy(() -> ContractBaseline.resolve("git:0123456789abcdef0123456789abcdef01234567", project,
					"file:/none", this.dir.resolve("out")))
			.withMessageContaining("is not in this clone");
	}

	@Test
	void theLatestJarInAMavenRepositoryIsFoundThroughItsMetadataAndASnapshotsTimestamp() throws IOException {
		Path repository = this.dir.resolve("repo");
		Path artifact = repository.resolve("io/artstore/artstore-contracts");
		write(artifact.resolve("maven-metadata.xml"),
				"<metadata><versioning><latest>1.1.0-SNAPSHOT</latest><release>1.0.0</release></versioning></metadata>");
		jar(artifact.resolve("1.0.0/artstore-contracts-1.0.0.jar"), "release");
		write(artifact.resolve("1.1.0-SNAPSHOT/maven-metadata.xml"),
				"<metadata><versioning><snapshotVersions><snapshotVersion><extension>jar</extension>"
						+ "<value>1.1.0-20261126.101010-4</value></snapshotVersion></snapshotVersions></versioning></metadata>");
		jar(artifact.resolve("1.1.0-SNAPSHOT/artstore-contracts-1.1.0-20261126.101010-4.jar"), "snapshot");

		ContractBaseline latest = ContractBaseline.resolve("maven:io.artstore:artstore-contracts:LATEST", this.dir,
				repository.toUri().toString(), this.dir.resolve("latest"));
		ContractBaseline release = ContractBaseline.resolve("maven:io.artstore:artstore-contracts:RELEASE", this.dir,
				repository.toUri().toString(), this.dir.resolve("release"));

		assertThat(latest.version()).isEqualTo("1.1.0-SNAPSHOT");
		assertThat(latest.contracts().resolve(CONTRACT)).hasContent("snapshot");
		assertThat(release.version()).isEqualTo("1.0.0");
		assertThat(release.contracts().resolve(CONTRACT)).hasContent("release");
		assertThat(release.contracts().resolve("META-INF")).doesNotExist();
	}

	private static void jar(Path file, String content) throws IOException {
		Files.createDirectories(file.getParent());
		try (OutputStream out = Files.newOutputStream(file); ZipOutputStream zip = new ZipOutputStream(out)) {
			zip.putNextEntry(new ZipEntry("META-INF/MANIFEST.MF"));
			zip.write("Manifest-Version: 1.0\n".getBytes(StandardCharsets.UTF_8));
			zip.putNextEntry(new ZipEntry(CONTRACT));
			zip.write(content.getBytes(StandardCharsets.UTF_8));
		}
	}

	private static void write(Path file, String content) throws IOException {
		Files.createDirectories(file.getParent());
		Files.writeString(file, content);
	}

}
