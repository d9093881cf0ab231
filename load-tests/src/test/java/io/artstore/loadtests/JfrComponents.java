package io.artstore.loadtests;

import java.io.IOException;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import jdk.jfr.consumer.RecordedEvent;
import jdk.jfr.consumer.RecordedFrame;
import jdk.jfr.consumer.RecordingFile;
import org.jspecify.annotations.Nullable;

/**
 * Where a recording's CPU samples went, by component of the upload: for each, the share
 * of samples whose stack holds one of its frames (a sample counts for every component on
 * its stack, so these add up to more than 100 %: on a reactive stack, what runs after a
 * component's signal runs under its frames), and the share whose innermost known frame is
 * the component's (the JDK's frames pass through to their caller; these add up to at most
 * 100 %); then the innermost frames that are not the JDK's, by library. JFR's own
 * {@code hot-methods} view counts only the top frame, which on a reactive stack is mostly
 * Reactor's or the JDK's plumbing and says little about what the ingester was doing.
 * {@code bash benchmarks/profile} prints it for each recording; run it on any recording
 * with {@code ./mvnw -q -pl load-tests exec:exec -Dexec.classpathScope=test
 * -Dexec.executable=java -Dexec.args="-cp %classpath io.artstore.loadtests.JfrComponents
 * <recording.jfr>"}.
 */
public final class JfrComponents {

	/** Each component and the frame prefixes (class names) that belong to it. */
	private static final Map<String, List<String>> COMPONENTS = components();

	private static final int LIBRARY_ROWS = 15;

	private JfrComponents() {
	}

	private static Map<String, List<String>> components() {
		Map<String, List<String>> components = new LinkedHashMap<>();
		components.put("HTTP server (Reactor Netty, WebFlux)",
				List.of("reactor.netty.http.server", "org.springframework.http.server.reactive",
						"org.springframework.web.server", "org.springframework.web.reactive.DispatcherHandler",
						"org.springframework.web.reactive.result"));
		components.put("caller's token (Spring Security, Nimbus)",
				List.of("org.springframework.security", "com.nimbusds"));
		components.put("multipart parsing (PartEventParser, MultipartUploads)",
				List.of("io.artstore.ingester.upload.PartEventParser", "io.artstore.ingester.upload.MultipartUploads"));
		components.put("storage (io.artstore.ingester.storage)", List.of("io.artstore.ingester.storage"));
		components.put("HTTP client (WebClient, Reactor Netty)",
				List.of("org.springframework.web.reactive.function.client", "reactor.netty.http.client"));
		components.put("ledger (R2DBC PostgreSQL)",
				List.of("io.r2dbc", "org.springframework.r2dbc", "io.asyncer", "org.postgresql"));
		components.put("Redis (Lettuce)", List.of("io.lettuce", "org.springframework.data.redis"));
		components.put("JSON (Jackson)", List.of("tools.jackson", "com.fasterxml.jackson"));
		components.put("logging (Logback)", List.of("ch.qos.logback", "org.slf4j", "org.springframework.boot.logging"));
		components.put("metrics (Micrometer)", List.of("io.micrometer"));
		components.put("SHA-256", List.of("sun.security.provider.SHA", "sun.security.provider.DigestBase"));
		components.put("the ingester's other code (io.artstore)", List.of("io.artstore"));
		components.put("Netty (any)", List.of("io.netty"));
		components.put("Reactor (any)", List.of("reactor.core"));
		return components;
	}

	/**
	 * Prints the table of each recording.
	 * @param args the recordings
	 */
	public static void main(String[] args) throws IOException {
		for (String recording : args) {
			System.out.printf("%nCPU samples of %s by component:%n%n", recording);
			System.out.println(table(Path.of(recording)));
		}
	}

	/** The table of one recording, as Markdown. */
	static String table(Path recording) throws IOException {
		Map<String, Integer> counts = new LinkedHashMap<>();
		Map<String, Integer> innermost = new LinkedHashMap<>();
		Map<String, Integer> libraries = new HashMap<>();
		COMPONENTS.keySet().forEach((component) -> {
			counts.put(component, 0);
			innermost.put(component, 0);
		});
		int samples = 0;
		try (RecordingFile file = new RecordingFile(recording)) {
			while (file.hasMoreEvents()) {
				RecordedEvent event = file.readEvent();
				if (!event.getEventType().getName().equals("jdk.ExecutionSample") || event.getStackTrace() == null) {
					continue;
				}
				samples++;
				// one pass over the stack, innermost frame first
				Set<String> onStack = new HashSet<>();
				String first = null;
				String library = null;
				for (RecordedFrame frame : event.getStackTrace().getFrames()) {
					String type = (frame.getMethod() != null) ? frame.getMethod().getType().getName() : "";
					String component = componentOf(type);
					if (component != null) {
						onStack.add(component);
						first = (first != null) ? first : component;
					}
					library = (library != null) ? library : libraryOf(type);
				}
				onStack.forEach((component) -> counts.merge(component, 1, Integer::sum));
				if (first != null) {
					innermost.merge(first, 1, Integer::sum);
				}
				libraries.merge((library != null) ? library : "JDK only", 1, Integer::sum);
			}
		}
		StringBuilder table = new StringBuilder(
				"| component | share of CPU samples, on the stack | share of CPU samples, innermost |\n|---|---|---|\n");
		int all = Math.max(samples, 1);
		counts.forEach((component, count) -> table.append(String.format("| %s | %.1f %% | %.1f %% |%n", component,
				100.0 * count / all, 100.0 * innermost.get(component) / all)));
		table.append(String.format("| (samples) | %d | |%n%n", samples));
		table.append("| library (innermost frame that is not the JDK's) | share of CPU samples |\n|---|---|\n");
		libraries.entrySet()
			.stream()
			.sorted(Map.Entry.<String, Integer>comparingByValue().reversed())
			.limit(LIBRARY_ROWS)
			.forEach((library) -> table
				.append(String.format("| %s | %.1f %% |%n", library.getKey(), 100.0 * library.getValue() / all)));
		return table.toString();
	}

	/**
	 * The component a class belongs to, the first that lists it; {@code null} for the
	 * JDK's and others'.
	 */
	private static @Nullable String componentOf(String type) {
		for (Map.Entry<String, List<String>> component : COMPONENTS.entrySet()) {
			if (startsWithAny(type, component.getValue())) {
				return component.getKey();
			}
		}
		return null;
	}

	/**
	 * The library a class belongs to, by package: three levels deep, four for Spring's
	 * and ours; {@code null} for the JDK's, whose time counts for their caller.
	 */
	private static @Nullable String libraryOf(String type) {
		String[] parts = type.split("\\.");
		if (parts.length < 2 || parts[0].equals("java") || parts[0].equals("jdk") || parts[0].equals("sun")) {
			return null;
		}
		boolean deeper = (parts[0].equals("io") && parts[1].equals("artstore"))
				|| (parts[0].equals("org") && parts[1].equals("springframework"));
		return String.join(".", List.of(parts).subList(0, Math.min(parts.length - 1, deeper ? 4 : 3)));
	}

	private static boolean startsWithAny(String type, List<String> prefixes) {
		for (String prefix : prefixes) {
			if (type.startsWith(prefix)) {
				return true;
			}
		}
		return false;
	}

}
