package io.artstore.stubs.coverage;

import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * Tells {@link StubUsageRecorder} which test class is running, so that stub requests are
 * attributed to it. Register it for every test class (JUnit's extension auto-detection,
 * {@code META-INF/services/org.junit.jupiter.api.extension.Extension}) or with
 * {@code @ExtendWith}.
 */
public class StubUsageExtension implements BeforeAllCallback, AfterAllCallback {

	@Override
	public void beforeAll(ExtensionContext context) {
		StubUsageRecorder.testStarted(context.getRequiredTestClass().getName());
	}

	@Override
	public void afterAll(ExtensionContext context) {
		StubUsageRecorder.testFinished();
	}

}
