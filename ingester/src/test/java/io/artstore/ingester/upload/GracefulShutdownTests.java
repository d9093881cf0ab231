package io.artstore.ingester.upload;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.ConnectException;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;

import org.junit.jupiter.api.Test;

import io.artstore.ingester.support.ForkedIngester;
import io.artstore.ingester.support.IngesterIntegrationTests;
import io.artstore.ingester.support.IngesterTestProperties;
import io.artstore.ingester.support.TestServices;
import io.artstore.ingester.support.TestTokens;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * An ingester asked to stop (SIGTERM) while an upload is half sent lets that upload
 * finish and answer 201, refuses new connections meanwhile, and then exits.
 */
class GracefulShutdownTests extends IngesterIntegrationTests {

	@Test
	void uploadInFlightFinishesAfterSigterm() throws Exception {
		var properties = IngesterTestProperties.forkedWithStubs(adminStubPort(), storageStubPort());
		properties.put("ingester.admin.cache-key-prefix", TestServices.get().redisKeyPrefix() + "graceful:");
		try (ForkedIngester ingester = ForkedIngester.start("128m", properties,
				Path.of("target", "graceful-shutdown-ingester.log"));
				Socket socket = new Socket("127.0.0.1", URI.create(ingester.baseUrl()).getPort())) {
			String boundary = "graceful";
			String head = "--" + boundary
					+ "\r\nContent-Disposition: form-data; name=\"file\"; filename=\"report.pdf\"\r\n"
					+ "Content-Type: application/pdf\r\n\r\n" + SAMPLE_CONTENT.substring(0, 8);
			String tail = SAMPLE_CONTENT.substring(8) + "\r\n--" + boundary + "--\r\n";
			OutputStream out = socket.getOutputStream();
			out.write(("POST /api/v1/files/upload HTTP/1.1\r\nHost: ingester\r\nAuthorization: Bearer "
					+ TestTokens.trusted().token("graceful", "user")
					+ "\r\nContent-Type: multipart/form-data; boundary=" + boundary + "\r\nContent-Length: "
					+ (head.length() + tail.length()) + "\r\n\r\n" + head)
				.getBytes(StandardCharsets.US_ASCII));
			out.flush();
			await().atMost(Duration.ofSeconds(10))
				.until(() -> this.database.getDatabaseClient()
					.sql("SELECT count(*) FROM uploads WHERE uploaded_by = 'graceful' AND status = 'RECEIVED'")
					.map((row, meta) -> row.get(0, Long.class))
					.one()
					.block(Duration.ofSeconds(5)) > 0);

			ingester.terminate();
			await("new connections refused while stopping").atMost(Duration.ofSeconds(10))
				.until(() -> refusesConnections(ingester));
			out.write(tail.getBytes(StandardCharsets.US_ASCII));
			out.flush();

			assertThat(statusLine(socket.getInputStream())).startsWith("HTTP/1.1 201");
			assertThat(ingester.awaitExit(Duration.ofSeconds(30))).as("the ingester exited").isTrue();
		}
	}

	private static boolean refusesConnections(ForkedIngester ingester) {
		try (Socket probe = new Socket("127.0.0.1", URI.create(ingester.baseUrl()).getPort())) {
			return false;
		}
		catch (ConnectException ex) {
			return true;
		}
		catch (IOException ex) {
			return false;
		}
	}

	private static String statusLine(InputStream in) throws IOException {
		StringBuilder line = new StringBuilder();
		int next;
		while ((next = in.read()) != -1 && next != '\n') {
			line.append((char) next);
		}
		return line.toString().strip();
	}

}
