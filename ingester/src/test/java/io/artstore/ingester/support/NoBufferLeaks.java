package io.artstore.ingester.support;

import java.lang.ref.WeakReference;
import java.time.Duration;
import java.util.List;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.PooledByteBufAllocator;
import io.netty.util.ResourceLeakDetector;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

import static org.awaitility.Awaitility.await;

/**
 * Fails a test class after which Netty reports a leaked buffer that the ingester's code
 * touched. Registered for every test class (junit-platform.properties turns extension
 * auto-detection on); the tests run with paranoid leak detection (ingester/pom.xml), so
 * every buffer and every access to it is recorded. Netty finds a leak when the garbage
 * collector has collected a buffer that was never released, and reports it on a later
 * allocation: after each class this collects garbage and allocates until the reports are
 * in. A leak is blamed on the class after which it is found, which may be later than the
 * class that caused it; the report's access records name the code.
 *
 * <p>
 * Leaks whose records never pass through {@code io.artstore} code are reported on
 * standard error, not failed on: they come from libraries the tests run (seen here:
 * inbound buffers of Netty clients and servers that the ingester's code never reads) and
 * cannot be fixed here.
 */
public class NoBufferLeaks implements AfterAllCallback {

	@Override
	public void afterAll(ExtensionContext context) throws Exception {
		if (ResourceLeakDetector.getLevel() == ResourceLeakDetector.Level.DISABLED) {
			return;
		}
		for (int round = 0; round < 3; round++) {
			// A collection has cleared the weak references Netty tracks buffers with once
			// it has cleared this one.
			WeakReference<Object> collected = new WeakReference<>(new Object());
			await().atMost(Duration.ofSeconds(10)).pollInterval(Duration.ofMillis(10)).until(() -> {
				System.gc();
				return collected.get() == null;
			});
			for (int i = 0; i < 64; i++) {
				ByteBuf buffer = PooledByteBufAllocator.DEFAULT.directBuffer(1);
				buffer.release();
			}
		}
		List<String> leaks = RecordingLeakDetector.takeLeaks();
		List<String> ours = leaks.stream().filter((leak) -> leak.contains("io.artstore.")).toList();
		if (ours.size() < leaks.size()) {
			System.err
				.println((leaks.size() - ours.size()) + " leaked Netty buffer(s) that no io.artstore code touched,"
						+ " found after " + context.getDisplayName() + " (see the LEAK: lines of the log)");
		}
		KnownBufferLeak known = context.getTestClass()
			.map((type) -> type.getAnnotation(KnownBufferLeak.class))
			.orElse(null);
		if (known != null && !ours.isEmpty() && ours.size() <= known.max()) {
			System.err.println(ours.size() + " leaked Netty buffer(s) that the ingester's code touched, found after "
					+ context.getDisplayName() + ", tolerated as a known bug (" + known.reason() + "):\n"
					+ String.join("\n", ours));
			return;
		}
		if (!ours.isEmpty()) {
			throw new AssertionError(
					ours.size() + " leaked Netty buffer(s) that the ingester's code touched, found after "
							+ context.getDisplayName() + ":\n" + String.join("\n", ours));
		}
	}

}
