package io.artstore.loadtests;

import java.util.List;

import io.artstore.ingester.support.Commands;

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
		return Runtime.getRuntime().availableProcessors() >= 2 && Commands.runs("taskset", "-V");
	}

	/**
	 * Pins all threads of a process.
	 * @param pid the process
	 * @param cpus a {@code taskset} CPU list, such as {@code 0} or {@code 0-1}
	 */
	static void pin(long pid, String cpus) {
		Commands.run(List.of("taskset", "-a", "-pc", cpus, String.valueOf(pid)));
	}

}
