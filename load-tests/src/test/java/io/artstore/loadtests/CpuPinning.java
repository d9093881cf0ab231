package io.artstore.loadtests;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;

/**
 * Moves every thread of a process onto chosen CPUs with {@code taskset} (util-linux), so
 * that the storage element and the ingester can be given a core each, as if on hosts of
 * their own.
 */
final class CpuPinning {

	private CpuPinning() {
	}

	/**
	 * Whether processes can be given separate CPUs here.
	 * @return {@code true} with two or more CPUs and {@code taskset} on the PATH
	 */
	static boolean available() {
		if (Runtime.getRuntime().availableProcessors() < 2) {
			return false;
		}
		try {
			return new ProcessBuilder("taskset", "-V").redirectErrorStream(true).start().waitFor() == 0;
		}
		catch (IOException ex) {
			return false;
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			return false;
		}
	}

	/**
	 * Pins all threads of a process.
	 * @param pid the process
	 * @param cpus a {@code taskset} CPU list, such as {@code 0} or {@code 0-1}
	 */
	static void pin(long pid, String cpus) {
		try {
			Process process = new ProcessBuilder("taskset", "-a", "-pc", cpus, String.valueOf(pid))
				.redirectErrorStream(true)
				.start();
			String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
			if (process.waitFor() != 0) {
				throw new IllegalStateException("taskset failed: " + output);
			}
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new IllegalStateException(ex);
		}
	}

}
