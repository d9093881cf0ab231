package io.artstore.ingester.support;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.List;

/** Runs a command to its end, as the tests and benchmarks run the JDK's tools. */
public final class Commands {

	private Commands() {
	}

	/**
	 * Whether a program runs here, for tools a benchmark may use where the machine has
	 * them.
	 * @param command the program and harmless arguments, such as {@code --version}
	 * @return {@code true} if it starts and exits with 0
	 */
	public static boolean runs(String... command) {
		try {
			return new ProcessBuilder(command).redirectErrorStream(true)
				.redirectOutput(ProcessBuilder.Redirect.DISCARD)
				.start()
				.waitFor() == 0;
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
	 * Runs a command and waits for it.
	 * @param command the program and its arguments
	 * @return what it printed, standard output and error together
	 * @throws IllegalStateException when it exits with another status than 0, with what
	 * it printed
	 */
	public static String run(List<String> command) {
		try {
			Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
			String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
			if (process.waitFor() != 0) {
				throw new IllegalStateException(String.join(" ", command) + " failed: " + output);
			}
			return output;
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
