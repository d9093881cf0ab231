package io.artstore.ingester.upload;

import java.io.IOException;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.UUID;

import org.junit.jupiter.api.Test;

import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.data.relational.core.query.Criteria;
import org.springframework.data.relational.core.query.Query;

import io.artstore.ingester.support.IngesterIntegrationTests;
import io.artstore.ingester.support.TestTokens;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * A caller that goes away in the middle of an upload leaves no upload that looks in
 * progress.
 */
class AbortedUploadTests extends IngesterIntegrationTests {

	private static final String BOUNDARY = "aborted-upload-boundary";

	@LocalServerPort
	int port;

	private final String uploader = "user-" + UUID.randomUUID();

	@Test
	void uploadWhoseCallerDisconnectsIsLeftUncertainNamingItsElement() throws IOException {
		try (Socket socket = new Socket("127.0.0.1", this.port)) {
			OutputStream out = socket.getOutputStream();
			out.write(("POST /api/v1/files/upload HTTP/1.1\r\nHost: 127.0.0.1\r\nAuthorization: Bearer "
					+ TestTokens.trusted().token(this.uploader, "user")
					+ "\r\nContent-Type: multipart/form-data; boundary=" + BOUNDARY
					+ "\r\nTransfer-Encoding: chunked\r\n\r\n")
				.getBytes(StandardCharsets.US_ASCII));
			chunk(out, ("--" + BOUNDARY + "\r\nContent-Disposition: form-data; name=\"file\"; filename=\"cut.bin\"\r\n"
					+ "Content-Type: application/octet-stream\r\n\r\n")
				.getBytes(StandardCharsets.US_ASCII));
			chunk(out, new byte[64 * 1024]);
			out.flush();
			await().atMost(Duration.ofSeconds(10)).until(() -> statuses().contains(UploadStatus.RECEIVED));
		}

		// the element may have stored the file: the reconciler asks it (after its
		// response timeout) and removes the copy, since the row has no checksum
		await().atMost(Duration.ofSeconds(10))
			.untilAsserted(() -> assertThat(statuses()).containsExactly(UploadStatus.UNCERTAIN));
		Upload row = this.database.selectOne(Query.query(Criteria.where("uploaded_by").is(this.uploader)), Upload.class)
			.block(Duration.ofSeconds(5));
		assertThat(row.storageElementId()).isEqualTo("se-edit-01");
		assertThat(row.checksum()).as("no registration went out").isNull();
		assertThat(this.admin.requests()).doesNotContain("POST /api/v1/files");
	}

	private static void chunk(OutputStream out, byte[] data) throws IOException {
		out.write((Integer.toHexString(data.length) + "\r\n").getBytes(StandardCharsets.US_ASCII));
		out.write(data);
		out.write("\r\n".getBytes(StandardCharsets.US_ASCII));
	}

	private List<UploadStatus> statuses() {
		return this.database.select(Query.query(Criteria.where("uploaded_by").is(this.uploader)), Upload.class)
			.map(Upload::status)
			.collectList()
			.block(Duration.ofSeconds(5));
	}

}
