package io.artstore.stubs.coverage;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.LinkedHashMap;
import java.util.Map;

import com.github.tomakehurst.wiremock.extension.Parameters;
import com.github.tomakehurst.wiremock.extension.ServeEventListener;
import com.github.tomakehurst.wiremock.stubbing.ServeEvent;
import com.github.tomakehurst.wiremock.verification.diff.DiffEventData;
import org.jspecify.annotations.Nullable;
import tools.jackson.databind.json.JsonMapper;

/**
 * A WireMock listener that appends one JSON line per request a stub server answered to
 * the file named by the system property {@value #FILE_PROPERTY}: the test class that was
 * running ({@link StubUsageExtension}), the request, the contract whose mapping matched
 * it, or, for a request no mapping matched, WireMock's near-miss report. Without the
 * property it records nothing.
 */
public class StubUsageRecorder implements ServeEventListener {

	/** The system property naming the file to append to. */
	public static final String FILE_PROPERTY = "artstore.stub-usage.file";

	/** What a request is attributed to when no test has started yet. */
	static final String NO_TEST = "(between test classes)";

	private static volatile String currentTest = NO_TEST;

	private final JsonMapper json = JsonMapper.builder().build();

	private final @Nullable Path file;

	/**
	 * A recorder for one stub server, appending to the file that {@value #FILE_PROPERTY}
	 * names now.
	 */
	public StubUsageRecorder() {
		String file = System.getProperty(FILE_PROPERTY, "");
		this.file = file.isBlank() ? null : Path.of(file).toAbsolutePath();
		if (this.file != null) {
			try {
				Files.createDirectories(this.file.getParent());
			}
			catch (IOException ex) {
				throw new UncheckedIOException(ex);
			}
		}
	}

	/**
	 * Attributes the requests that stub servers answer from now on to the given test.
	 * @param testClass the running test class's name
	 */
	public static void testStarted(String testClass) {
		currentTest = testClass;
	}

	/**
	 * Attributes the requests that stub servers answer from now on to no test: a test
	 * class ended.
	 */
	public static void testFinished() {
		currentTest = NO_TEST;
	}

	@Override
	public String getName() {
		return "artstore-stub-usage";
	}

	@Override
	public boolean applyGlobally() {
		return true;
	}

	/**
	 * Records a matched request as soon as it is matched: a stub that answers late or
	 * resets the connection may never complete its answer.
	 */
	@Override
	public void afterMatch(ServeEvent event, Parameters parameters) {
		if (event.getWasMatched()) {
			record(event);
		}
	}

	/**
	 * Records an unmatched request once answered, when WireMock has added its near-miss
	 * report.
	 */
	@Override
	public void afterComplete(ServeEvent event, Parameters parameters) {
		if (!event.getWasMatched()) {
			record(event);
		}
	}

	private void record(ServeEvent event) {
		if (this.file == null || event.getRequest().getUrl().startsWith("/__admin")) {
			return;
		}
		Map<String, @Nullable Object> line = new LinkedHashMap<>();
		line.put("test", currentTest);
		line.put("method", event.getRequest().getMethod().getName());
		line.put("url", event.getRequest().getUrl());
		line.put("matched", event.getWasMatched());
		line.put("contract", event.getWasMatched() ? mappingName(event) : null);
		line.put("nearMisses", event.getWasMatched() ? null : nearMisses(event));
		append(this.file, this.json.writeValueAsString(line) + "\n");
	}

	private static String mappingName(ServeEvent event) {
		String name = event.getStubMapping().getName();
		return (name != null) ? name : "unnamed mapping " + event.getStubMapping().getId();
	}

	private static @Nullable String nearMisses(ServeEvent event) {
		return event.getDiffSubEvent().map((sub) -> sub.getDataAs(DiffEventData.class).getReport()).orElse(null);
	}

	private static synchronized void append(Path file, String line) {
		try {
			Files.writeString(file, line, StandardCharsets.UTF_8, StandardOpenOption.CREATE, StandardOpenOption.APPEND);
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

}
