package io.artstore.loadtests;

import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;

import io.artstore.ingester.support.Commands;

/**
 * One upload sent by curl, a client written another way than Gatling: it streams the body
 * from disk with a {@code Content-Length} in writes of up to 64 KiB, as {@code curl -F}
 * does, where Gatling writes 8 KiB at a time. Where the ingester's cost depends on how
 * the body arrives, both clients show it.
 */
final class CurlUpload {

	/** The longest one upload may take before curl gives up (a stalled run ends). */
	private static final int MAX_SECONDS = 600;

	private CurlUpload() {
	}

	/**
	 * Whether curl is on the PATH.
	 * @return {@code true} if {@code curl --version} runs
	 */
	static boolean available() {
		return Commands.runs("curl", "--version");
	}

	/**
	 * Posts a prepared multipart body and waits for the answer.
	 * @param url where to
	 * @param body the body ({@link Payloads#multipart})
	 * @return the seconds from the start of the request to the end of the answer
	 * @throws IllegalStateException if the answer is not 201
	 */
	static double seconds(String url, Path body) {
		// -T streams the file with a Content-Length; "Expect:" sends the body at once;
		// the
		// token goes on stdin (-H @-), not on the command line other processes can read
		List<String> command = List.of("curl", "-sS", "--max-time", String.valueOf(MAX_SECONDS), "-o", "/dev/null",
				"-w", "%{http_code} %{time_total}", "-X", "POST", "-T", body.toString(), "-H", "Expect:", "-H",
				"Content-Type: " + Payloads.CONTENT_TYPE, "-H", "@-", url);
		Process curl = null;
		try {
			curl = new ProcessBuilder(command).redirectError(ProcessBuilder.Redirect.INHERIT).start();
			try (OutputStream headers = curl.getOutputStream()) {
				headers.write(("Authorization: Bearer " + GatlingLoad.callerToken() + "\n")
					.getBytes(StandardCharsets.US_ASCII));
			}
			String answer = new String(curl.getInputStream().readAllBytes(), StandardCharsets.US_ASCII);
			int exit = curl.waitFor();
			String[] fields = answer.split(" ");
			if (exit != 0 || !fields[0].equals("201")) {
				throw new IllegalStateException(
						"curl upload to " + url + " ended with exit code " + exit + ", answer " + answer);
			}
			return Double.parseDouble(fields[1]);
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new IllegalStateException(ex);
		}
		finally {
			if (curl != null) {
				curl.destroy();
			}
		}
	}

}
