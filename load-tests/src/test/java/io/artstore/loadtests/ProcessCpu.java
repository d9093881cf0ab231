package io.artstore.loadtests;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * CPU time a process has used, user and system, read from {@code /proc/<pid>/stat}
 * (Linux): the difference over a run, divided by its uploads, is the CPU each upload cost
 * that process, whatever else shares the machine.
 */
final class ProcessCpu {

	/** {@code sysconf(_SC_CLK_TCK)}, which is 100 on every Linux this runs on. */
	private static final double TICKS_PER_SECOND = 100;

	private ProcessCpu() {
	}

	/**
	 * The CPU time a process has used so far.
	 * @param pid the process
	 * @return user plus system time, in seconds
	 */
	static double seconds(long pid) {
		try {
			String stat = Files.readString(Path.of("/proc", String.valueOf(pid), "stat"));
			// the command name (field 2) may hold spaces: count fields after its ')'
			String[] fields = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
			long user = Long.parseLong(fields[11]);
			long system = Long.parseLong(fields[12]);
			return (user + system) / TICKS_PER_SECOND;
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

}
