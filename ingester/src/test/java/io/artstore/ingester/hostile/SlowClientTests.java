package io.artstore.ingester.hostile;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Value;

import io.artstore.ingester.support.IngesterIntegrationTests;
import io.artstore.ingester.support.LeavesNoTrace;
import io.artstore.ingester.support.TestTokens;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Callers that send slowly, pause, or come in numbers, over raw sockets: the test context
 * allows 4 uploads at once, 1 KB/s after a 2 s grace period, 6 s pauses, 10 s per upload
 * and 3 s of idle connection.
 */
class SlowClientTests extends IngesterIntegrationTests {

	private static final String B = "slow-boundary";

	private final String uploader = "slow-" + UUID.randomUUID();

	private final String token = TestTokens.trusted().token(this.uploader, "user");

	private final List<Socket> sockets = new ArrayList<>();

	@Value("${local.server.port}")
	private int port;

	@AfterEach
	void closeAndCheck() throws IOException {
		for (Socket socket : this.sockets) {
			socket.close();
		}
		LeavesNoTrace.assertNothingLeft(this.database, this.uploader, this.admin, this.storage);
	}

	@Test
	void aClientSendingOneByteASecondIsEndedWith408() throws Exception {
		Socket socket = startUpload(100_000);
		long started = System.nanoTime();
		String status = trickle(socket, 1, Duration.ofSeconds(1), Duration.ofSeconds(15));

		assertThat(status).startsWith("HTTP/1.1 408");
		assertThat(Duration.ofNanos(System.nanoTime() - started)).isLessThan(Duration.ofSeconds(8));
	}

	@Test
	void aTricklingClientThatIsAnsweredEarlyLosesItsConnectionWithinASecond() throws Exception {
		Socket socket = startUpload(100_000);
		String status = trickle(socket, 1, Duration.ofMillis(500), Duration.ofSeconds(15));
		assertThat(status).startsWith("HTTP/1.1 408");
		String head = readAnswerHead(socket, Duration.ofSeconds(1));
		assertThat(head).containsIgnoringCase("connection: close");

		// the client keeps trickling: the ingester stops reading the rest of the body
		// and closes the connection, which the client's next write meets as a reset
		await().atMost(Duration.ofSeconds(1))
			.pollInterval(Duration.ofMillis(50))
			.alias("connection closed by the ingester within a second of its answer")
			.until(() -> writeFails(socket));
	}

	/** Sends one more byte: whether the connection refused it. */
	private static boolean writeFails(Socket socket) {
		try {
			socket.getOutputStream().write(0);
			socket.getOutputStream().flush();
			return false;
		}
		catch (IOException ex) {
			return true;
		}
	}

	@Test
	void aBodyThatPausesLongerThanTheIdleTimeoutIsEndedWith408() throws Exception {
		Socket socket = startUpload(100_000);

		assertThat(readStatus(socket, Duration.ofSeconds(15))).startsWith("HTTP/1.1 408");
	}

	@Test
	void anUploadLongerThanTheMaximumDurationIsEndedWith408() throws Exception {
		Socket socket = startUpload(1_000_000);
		long started = System.nanoTime();
		// 2 KB every second: above the minimum rate, for longer than 10 s.
		String status = trickle(socket, 2048, Duration.ofSeconds(1), Duration.ofSeconds(20));

		assertThat(status).startsWith("HTTP/1.1 408");
		assertThat(Duration.ofNanos(System.nanoTime() - started)).isGreaterThanOrEqualTo(Duration.ofSeconds(9));
	}

	@Test
	void pastTheConcurrencyCapAnUploadIsAnswered503WithRetryAfter() throws Exception {
		for (int i = 0; i < 4; i++) {
			startUpload(100_000);
		}
		// One more upload after another until one is refused: each that is admitted
		// while the first four are still arriving holds a slot as well.
		String answer = await().atMost(Duration.ofSeconds(10))
			.until(() -> answerHeadOrNothing(startUpload(100_000), Duration.ofMillis(300)),
					(head) -> head.startsWith("HTTP/1.1 503"));
		assertThat(answer).startsWith("HTTP/1.1 503").containsIgnoringCase("Retry-After: 5");
	}

	@Test
	void aClientSendingItsHeadersSlowlyIsDisconnected() throws Exception {
		Socket socket = new Socket("127.0.0.1", this.port);
		this.sockets.add(socket);
		OutputStream out = socket.getOutputStream();
		out.write("POST /api/v1/files/upload HTTP/1.1\r\nHost: ingester\r\n".getBytes(StandardCharsets.US_ASCII));
		out.flush();
		long started = System.nanoTime();
		socket.setSoTimeout(1000);
		boolean closed = false;
		for (int i = 0; i < 15 && !closed; i++) {
			try {
				out.write('X');
				out.flush();
				closed = socket.getInputStream().read() == -1;
			}
			catch (SocketTimeoutException ex) {
				// still open
			}
			catch (IOException ex) {
				closed = true;
			}
		}
		assertThat(closed).as("connection closed").isTrue();
		assertThat(Duration.ofNanos(System.nanoTime() - started)).isLessThan(Duration.ofSeconds(10));
	}

	/** Sends the request head and the start of a multipart body with a file part. */
	/** The answer's head, or nothing when none came in time. */
	private String answerHeadOrNothing(Socket socket, Duration atMost) throws IOException {
		try {
			return readAnswerHead(socket, atMost);
		}
		catch (SocketTimeoutException ex) {
			return "";
		}
	}

	private Socket startUpload(int contentLength) throws IOException {
		Socket socket = new Socket("127.0.0.1", this.port);
		this.sockets.add(socket);
		String head = "POST /api/v1/files/upload HTTP/1.1\r\nHost: ingester\r\nAuthorization: Bearer " + this.token
				+ "\r\nContent-Type: multipart/form-data; boundary=" + B + "\r\nContent-Length: " + contentLength
				+ "\r\n\r\n--" + B + "\r\nContent-Disposition: form-data; name=\"file\"; filename=\"slow.bin\"\r\n\r\n";
		socket.getOutputStream().write(head.getBytes(StandardCharsets.US_ASCII));
		socket.getOutputStream().flush();
		return socket;
	}

	/**
	 * Sends {@code bytes} every {@code every} until the ingester answers.
	 * @return the answer's status line
	 */
	private String trickle(Socket socket, int bytes, Duration every, Duration atMost) throws Exception {
		long deadline = System.nanoTime() + atMost.toNanos();
		socket.setSoTimeout((int) every.toMillis());
		InputStream in = socket.getInputStream();
		while (System.nanoTime() < deadline) {
			try {
				socket.getOutputStream().write(new byte[bytes]);
				socket.getOutputStream().flush();
			}
			catch (IOException ex) {
				// the ingester stopped reading: its answer is waiting
			}
			try {
				return statusLine(in);
			}
			catch (SocketTimeoutException ex) {
				// no answer yet
			}
		}
		throw new AssertionError("No answer within " + atMost);
	}

	private String readStatus(Socket socket, Duration atMost) throws IOException {
		socket.setSoTimeout((int) atMost.toMillis());
		return statusLine(socket.getInputStream());
	}

	private String readAnswerHead(Socket socket, Duration atMost) throws IOException {
		socket.setSoTimeout((int) atMost.toMillis());
		InputStream in = socket.getInputStream();
		StringBuilder head = new StringBuilder();
		while (!head.toString().endsWith("\r\n\r\n")) {
			int c = in.read();
			if (c < 0) {
				break;
			}
			head.append((char) c);
		}
		return head.toString();
	}

	private static String statusLine(InputStream in) throws IOException {
		StringBuilder line = new StringBuilder();
		int c;
		while ((c = in.read()) >= 0 && c != '\n') {
			line.append((char) c);
		}
		return line.toString().strip();
	}

}
