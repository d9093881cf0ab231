package io.artstore.ingester.support;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

import io.netty.util.ResourceLeakDetector;

/**
 * Netty's leak detector, which also keeps every leak it reports, for
 * {@link NoBufferLeaks} to fail the tests with. Netty creates it in place of its own when
 * the system property {@code io.netty.customResourceLeakDetector} names it (see the
 * surefire configuration in {@code ingester/pom.xml}).
 *
 * @param <T> the type of resource tracked
 */
public class RecordingLeakDetector<T> extends ResourceLeakDetector<T> {

	private static final List<String> leaks = new CopyOnWriteArrayList<>();

	public RecordingLeakDetector(Class<?> resourceType, int samplingInterval) {
		super(resourceType, samplingInterval);
	}

	public RecordingLeakDetector(Class<?> resourceType, int samplingInterval, long maxActive) {
		this(resourceType, samplingInterval);
	}

	/**
	 * Takes the leaks reported since the last call.
	 * @return what Netty reported, one entry per leak
	 */
	static List<String> takeLeaks() {
		List<String> taken = List.copyOf(leaks);
		leaks.removeAll(taken);
		return taken;
	}

	@Override
	protected void reportTracedLeak(String resourceType, String records) {
		leaks.add("LEAK: " + resourceType + ".release() was not called" + records);
		super.reportTracedLeak(resourceType, records);
	}

	@Override
	protected void reportUntracedLeak(String resourceType) {
		leaks.add("LEAK: " + resourceType + ".release() was not called (no record of its accesses)");
		super.reportUntracedLeak(resourceType);
	}

}
