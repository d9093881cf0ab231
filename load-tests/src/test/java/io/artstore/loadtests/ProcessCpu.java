package io.artstore.loadtests;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Stream;

/**
 * CPU time a process has used, user and system, read from {@code /proc/<pid>/stat}
 * (Linux): the difference over a run, divided by its uploads, is the CPU each upload cost
 * that process, whatever else shares the machine.
 */
final class ProcessCpu {

	/** {@code sysconf(_SC_CLK_TCK)}, which is 100 on every Linux this runs on. */
	private static final double TICKS_PER_SECOND = 100;

	/** Per JVM, each compiler thread seen (by thread id) with the most CPU seen of it. */
	private static final Map<Long, Map<String, Double>> COMPILER_THREADS = new ConcurrentHashMap<>();

	private ProcessCpu() {
	}

	/**
	 * The CPU time a process has used so far.
	 * @param pid the process
	 * @return user plus system time, in seconds
	 */
	static double seconds(long pid) {
		return seconds(Path.of("/proc", String.valueOf(pid), "stat"));
	}

	/**
	 * The CPU time the JIT compiler threads of a JVM have used so far ({@code C1} and
	 * {@code C2 CompilerThread}s), from {@code /proc/<pid>/task}: what a fresh JVM spends
	 * compiling, apart from what it spends serving. The JVM ends compiler threads it no
	 * longer needs (and starts others), and an ended thread leaves {@code /proc} with its
	 * time: each thread counts with the most it was last seen at, so that the sum never
	 * falls, though what an ended thread spent after it was last seen is missed.
	 * @param pid the JVM's process
	 * @return user plus system time, in seconds
	 */
	static double compilerSeconds(long pid) {
		Map<String, Double> threads = COMPILER_THREADS.computeIfAbsent(pid, (key) -> new HashMap<>());
		try (Stream<Path> tasks = Files.list(Path.of("/proc", String.valueOf(pid), "task"))) {
			tasks.forEach((task) -> {
				try {
					String name = Files.readString(task.resolve("comm")).strip();
					if (name.startsWith("C1 CompilerThre") || name.startsWith("C2 CompilerThre")) {
						threads.merge(task.getFileName().toString(), seconds(task.resolve("stat")), Math::max);
					}
				}
				catch (IOException | UncheckedIOException ex) {
					// the thread ended meanwhile: it counts as last seen
				}
			});
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
		return threads.values().stream().mapToDouble(Double::doubleValue).sum();
	}

	/**
	 * The CPU time a process has used so far, in all and in the kernel (system calls:
	 * reading and writing sockets and files), from one read.
	 * @param pid the process
	 * @return both, in seconds
	 */
	static Usage usage(long pid) {
		long[] ticks = ticks(Path.of("/proc", String.valueOf(pid), "stat"));
		return new Usage((ticks[0] + ticks[1]) / TICKS_PER_SECOND, ticks[1] / TICKS_PER_SECOND);
	}

	/**
	 * CPU time so far.
	 *
	 * @param seconds user plus system
	 * @param systemSeconds system only
	 */
	record Usage(double seconds, double systemSeconds) {
	}

	private static double seconds(Path stat) {
		long[] ticks = ticks(stat);
		return (ticks[0] + ticks[1]) / TICKS_PER_SECOND;
	}

	/** User and system ticks. */
	private static long[] ticks(Path stat) {
		try {
			String line = Files.readString(stat);
			// the command name (field 2) may hold spaces: count fields after its ')'
			String[] fields = line.substring(line.lastIndexOf(')') + 2).split(" ");
			return new long[] { Long.parseLong(fields[11]), Long.parseLong(fields[12]) };
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

}
