package io.artstore.loadtests;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import io.artstore.ingester.support.Commands;
import io.artstore.ingester.support.ForkedIngester;

/**
 * How an ingester is started: which JDK, which jar, which JVM options, and whether a
 * training run first writes the class data (CDS) or AOT cache that the measured run then
 * reads. A training run starts the ingester with {@code training} options, sends it
 * uploads, and stops it (SIGTERM), when the JVM writes the archive.
 *
 * @param name its name in the report
 * @param javaHome the JDK
 * @param jar the ingester's jar: the built one, or the launcher jar of an extracted one
 * @param options JVM options of the measured run
 * @param training JVM options of the training run; empty for none
 */
record IngesterLaunch(String name, Path javaHome, Path jar, List<String> options, List<String> training) {

	/** The jar as built, on the JDK that runs the benchmark, with the JVM's defaults. */
	static IngesterLaunch asBuilt(Path jar) {
		return new IngesterLaunch("JDK " + Runtime.version().feature() + ", java -jar",
				Path.of(System.getProperty("java.home")), jar, List.of(), List.of());
	}

	/**
	 * The jar as built, on the JDK that runs the benchmark, with the JVM options the
	 * README and the Docker image run it with: the serial collector, measured to cost
	 * less CPU per upload than G1 both in the first thousands of uploads and warm
	 * (docs/benchmarks.md).
	 */
	static IngesterLaunch asShipped(Path jar) {
		return new IngesterLaunch("JDK " + Runtime.version().feature() + ", java -XX:+UseSerialGC -jar",
				Path.of(System.getProperty("java.home")), jar, List.of("-XX:+UseSerialGC"), List.of());
	}

	/**
	 * Another build's jar, started as {@link #asBuilt} starts a jar (the JVM's defaults,
	 * which is how the README ran builds from before the serial collector was shipped).
	 */
	static IngesterLaunch before(Path jar) {
		IngesterLaunch asBuilt = asBuilt(jar);
		return new IngesterLaunch(asBuilt.name() + ", before (" + jar.getFileName() + ")", asBuilt.javaHome(), jar,
				asBuilt.options(), asBuilt.training());
	}

	/**
	 * The same start with more JVM options after its own; a collector among them replaces
	 * its own (the JVM refuses two).
	 */
	IngesterLaunch withOptions(List<String> more) {
		List<String> all = new ArrayList<>(this.options);
		if (more.stream().anyMatch(IngesterLaunch::picksCollector)) {
			all.removeIf(IngesterLaunch::picksCollector);
		}
		all.addAll(more);
		return new IngesterLaunch(this.name, this.javaHome, this.jar, List.copyOf(all), this.training);
	}

	private static boolean picksCollector(String option) {
		return option.matches("-XX:\\+Use\\w*GC");
	}

	boolean trained() {
		return !this.training.isEmpty();
	}

	List<String> command(String heap, List<String> options) {
		List<String> command = new ArrayList<>(List.of(this.javaHome.resolve("bin").resolve("java").toString(),
				"-Xmx" + heap, "-XX:MaxDirectMemorySize=" + heap));
		command.addAll(options);
		command.addAll(List.of("-jar", this.jar.toString()));
		return command;
	}

	ForkedIngester start(String heap, Map<String, String> properties, Path log) {
		return ForkedIngester.start(command(heap, this.options), properties, log);
	}

	/**
	 * Runs the training run, if any: starts the ingester with the training options, lets
	 * {@code workload} use it, and stops it, waiting for the archive to be written.
	 */
	void train(String heap, Map<String, String> properties, Path log,
			java.util.function.Consumer<ForkedIngester> workload) {
		if (!trained()) {
			return;
		}
		ForkedIngester ingester = ForkedIngester.start(command(heap, this.training), properties, log);
		try {
			workload.accept(ingester);
		}
		finally {
			ingester.terminate();
			try {
				if (!ingester.awaitExit(Duration.ofMinutes(5))) {
					throw new IllegalStateException("The training run of " + this.name + " did not stop; see " + log);
				}
			}
			catch (InterruptedException ex) {
				Thread.currentThread().interrupt();
			}
		}
	}

	/**
	 * Extracts a built jar as Spring Boot recommends for CDS and AOT caches (a launcher
	 * jar and its libraries, {@code java -Djarmode=tools -jar ... extract}).
	 */
	static void extract(Path jar, Path destination) {
		Commands.run(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-Djarmode=tools",
				"-jar", jar.toString(), "extract", "--destination", destination.toString()));
	}

}
