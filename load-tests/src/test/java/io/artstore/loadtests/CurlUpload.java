package io.artstore.loadtests;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;

/**
 * One upload sent by curl, a client written another way than Gatling: it streams the body
 * from disk with a {@code Content-Length} in writes of up to 64 KiB, as {@code curl -F}
 * does, where Gatling writes 8 KiB at a time. Where the ingester's cost depends on how
 * the body arrives, both clients show it.
 */
final class CurlUpload {

	private CurlUpload() {
	}

	/**
	 * Whether curl is on the PATH.
	 * @return {@code true} if {@code curl --version} runs
	 */
	static boolean available() {
		try {
			return new ProcessBuilder("curl", "--version").redirectErrorStream(true).start().waitFor() == 0;
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
	 * Posts a prepared multipart body and waits for the answer.
	 * @param url where to
	 * @param body the body ({@link Payloads#multipart})
	 * @param token the bearer token
	 * @return the seconds from the start of the request to the end of the answer
	 * @throws IllegalStateException if the answer is not 201
	 */
	static double seconds(String url, Path body, String token) {
		// -T streams the file with a Content-Length; "Expect:" sends the body at once
		List<String> command = List.of("curl", "-sS", "-o", "/dev/null", "-w", "%{http_code} %{time_total}", "-X",
				"POST", "-T", body.toString(), "-H", "Expect:", "-H", "Content-Type: " + Payloads.CONTENT_TYPE, "-H",
				"Authorization: Bearer " + token, url);
		try {
			Process curl = new ProcessBuilder(command).redirectError(ProcessBuilder.Redirect.INHERIT).start();
			String[] answer = new String(curl.getInputStream().readAllBytes(), StandardCharsets.US_ASCII).split(" ");
			if (curl.waitFor() != 0 || !answer[0].equals("201")) {
				throw new IllegalStateException("curl upload to " + url + " answered " + String.join(" ", answer));
			}
			return Double.parseDouble(answer[1]);
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
