package io.artstore.ingester.hostile;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.UUID;
import java.util.stream.Stream;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import org.springframework.http.MediaType;
import org.springframework.test.web.reactive.server.EntityExchangeResult;

import io.artstore.ingester.support.IngesterIntegrationTests;
import io.artstore.ingester.support.LeavesNoTrace;
import io.artstore.ingester.support.TestTokens;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Malformed and hostile upload requests, sent as raw bytes (the plainer bad inputs are in
 * {@code BadInputTests}, checked the same way): each gets its 4xx problem, names nothing
 * behind the ingester, and leaves no ledger row, no registration and no copy on a storage
 * element (a copy stored before the body broke is deleted again). The tests run with a 2
 * MB file limit and 64 KB of form overhead.
 */
class HostileRequestTests extends IngesterIntegrationTests {

	private static final String B = "hostile-boundary";

	private static final String FORM = "multipart/form-data; boundary=" + B;

	private final String uploader = "hostile-" + UUID.randomUUID();

	private final String token = TestTokens.trusted().token(this.uploader, "user");

	static Stream<HostileRequest> requests() {
		String dashes = "-".repeat(4000);
		byte[] nearMatches = nearMatchingPreamble(dashes, 2 * 1024 * 1024);
		return Stream.of(
				// Boundaries that RFC 2046 does not allow: refused before a byte is
				// scanned.
				new HostileRequest("a quoted boundary of 4000 dashes and 2 MB of near-matching preamble",
						"multipart/form-data; boundary=\"" + dashes + "\"",
						concat(nearMatches, file(dashes, "a.txt", "text/plain", SAMPLE_CONTENT).getBytes()), 400,
						"malformed-multipart"),
				new HostileRequest("a boundary of 71 characters", "multipart/form-data; boundary=" + "a".repeat(71),
						file("a".repeat(71), "a.txt", "text/plain", SAMPLE_CONTENT).getBytes(), 400,
						"malformed-multipart"),
				new HostileRequest("a boundary with a character outside RFC 2046's set",
						"multipart/form-data; boundary=\"a<b\"",
						file("a<b", "a.txt", "text/plain", SAMPLE_CONTENT).getBytes(), 400, "malformed-multipart"),
				new HostileRequest("a boundary ending in a space", "multipart/form-data; boundary=\"ab \"",
						file("ab ", "a.txt", "text/plain", SAMPLE_CONTENT).getBytes(), 400, "malformed-multipart"),
				new HostileRequest("an empty boundary", "multipart/form-data; boundary=\"\"",
						file("", "a.txt", "text/plain", SAMPLE_CONTENT).getBytes(), 400, "malformed-multipart"),
				new HostileRequest("no boundary", "multipart/form-data",
						file(B, "a.txt", "text/plain", SAMPLE_CONTENT).getBytes(), 400, "malformed-multipart"),
				// Bytes outside the form.
				new HostileRequest("8 KiB of preamble", FORM,
						("x".repeat(8192) + "\r\n" + file(B, "a.txt", "text/plain", SAMPLE_CONTENT)).getBytes(), 400,
						"malformed-multipart"),
				new HostileRequest("8 KiB of epilogue after a stored file", FORM,
						(file(B, "a.txt", "text/plain", SAMPLE_CONTENT) + "y".repeat(8192)).getBytes(), 400,
						"malformed-multipart"),
				new HostileRequest("a body that ends right after the delimiter following the file", FORM,
						("--" + B + "\r\n" + disposition("file", "a.txt") + "\r\n\r\n" + SAMPLE_CONTENT + "\r\n--" + B)
							.getBytes(),
						400, "malformed-multipart"),
				new HostileRequest("a nameless part after the file", FORM,
						("--" + B + "\r\n" + disposition("file", "a.txt") + "\r\n\r\n" + SAMPLE_CONTENT + "\r\n--" + B
								+ "\r\nContent-Type: text/plain\r\n\r\nhello\r\n--" + B + "--\r\n")
							.getBytes(),
						400, "malformed-multipart"),
				new HostileRequest("part headers of 11 KB", FORM,
						("--" + B + "\r\nX-Padding: " + "p".repeat(11 * 1024) + "\r\n" + disposition("file", "a.txt")
								+ "\r\n\r\nx\r\n--" + B + "--\r\n")
							.getBytes(),
						400, "malformed-multipart"),
				// Spring's lenient parse reads the name as 'file; filename=': no file
				// part.
				new HostileRequest("an unterminated quote in Content-Disposition", FORM,
						("--" + B + "\r\nContent-Disposition: form-data; name=\"file; filename=\"a.txt\r\n\r\nx\r\n--"
								+ B + "--\r\n")
							.getBytes(),
						400, "missing-file"),
				new HostileRequest("a part Content-Type that does not parse", FORM,
						file(B, "a.txt", "text/", "x").getBytes(), 400, "malformed-multipart"),
				// File names.
				new HostileRequest("CR LF in a filename* (part header injection)", FORM,
						fileStar(B, "evil%0D%0AX-Injected%3A%201.txt").getBytes(), 400, "invalid-filename"),
				new HostileRequest("a NUL in a filename*", FORM, fileStar(B, "a%00b.txt").getBytes(), 400,
						"invalid-filename"),
				new HostileRequest("a filename of 501 characters", FORM,
						file(B, "n".repeat(497) + ".txt", "text/plain", SAMPLE_CONTENT).getBytes(), 400,
						"invalid-filename"),
				new HostileRequest("a filename that is only a path", FORM,
						file(B, "../", "text/plain", SAMPLE_CONTENT).getBytes(), 400, "invalid-filename"),
				new HostileRequest("the filename '..'", FORM, file(B, "..", "text/plain", SAMPLE_CONTENT).getBytes(),
						400, "invalid-filename"),
				new HostileRequest("an empty filename", FORM, file(B, "", "text/plain", SAMPLE_CONTENT).getBytes(), 400,
						"missing-filename"),
				new HostileRequest("a part Content-Type of 256 characters", FORM,
						file(B, "a.txt", "text/" + "x".repeat(251), "x").getBytes(), 400, "invalid-content-type"),
				// Form fields.
				new HostileRequest("a NUL in the description", FORM,
						(field(B, "description", "a\u0000b") + file(B, "a.txt", "text/plain", SAMPLE_CONTENT))
							.getBytes(),
						400, "invalid-description"),
				new HostileRequest("100 fields of 1 KB each (form overhead)", FORM,
						(field(B, "x", "v".repeat(1024)).repeat(100) + file(B, "a.txt", "text/plain", SAMPLE_CONTENT))
							.getBytes(),
						413, "form-too-large"));
	}

	@ParameterizedTest(name = "{0}")
	@MethodSource("requests")
	void isRefusedAndLeavesNoTrace(HostileRequest request) {
		EntityExchangeResult<byte[]> result = this.client.post()
			.uri("/api/v1/files/upload")
			.headers((headers) -> headers.setBearerAuth(this.token))
			.header("Content-Type", request.contentType())
			.bodyValue(request.body())
			.exchange()
			.expectStatus()
			.isEqualTo(request.status())
			.expectHeader()
			.contentType(MediaType.APPLICATION_PROBLEM_JSON)
			.expectBody()
			.jsonPath("$.type")
			.isEqualTo("https://artstore.io/problems/" + request.type())
			.returnResult();
		LeavesNoTrace.assertAnswerNamesNothingBehindTheIngester(result, adminStubPort(), storageStubPort());
	}

	@Test
	void pathComponentsOfAFileNameAreStrippedAndOnlyASafeExtensionIsKept() {
		this.client.post()
			.uri("/api/v1/files/upload")
			.headers((headers) -> headers.setBearerAuth(this.token))
			.header("Content-Type", FORM)
			.bodyValue(fileStar(B, "..%2F..%2Fetc%2Fsample.t%3Bxt", SAMPLE_CONTENT).getBytes())
			.exchange()
			.expectStatus()
			.isCreated()
			.expectBody()
			.jsonPath("$.original_filename")
			.isEqualTo("sample.t;xt")
			.jsonPath("$.storage_filename")
			.value(String.class, (name) -> assertThat(name).as("the file id alone: the extension is not a safe one")
				.matches("[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}"));
	}

	@AfterEach
	void leftNothingBehind(org.junit.jupiter.api.TestInfo test) {
		if (test.getTestMethod().orElseThrow().getName().startsWith("pathComponents")) {
			return;
		}
		LeavesNoTrace.assertNothingLeft(this.database, this.uploader, this.admin, this.storage);
	}

	private static String disposition(String name, String filename) {
		return "Content-Disposition: form-data; name=\"" + name + "\"; filename=\"" + filename + "\"";
	}

	private static String file(String boundary, String filename, String contentType, String content) {
		return "--" + boundary + "\r\n" + disposition("file", filename) + "\r\nContent-Type: " + contentType
				+ "\r\n\r\n" + content + "\r\n--" + boundary + "--\r\n";
	}

	private static String fileStar(String boundary, String encodedName) {
		return fileStar(boundary, encodedName, "x");
	}

	private static String fileStar(String boundary, String encodedName, String content) {
		return "--" + boundary + "\r\nContent-Disposition: form-data; name=\"file\"; filename*=UTF-8''" + encodedName
				+ "\r\nContent-Type: text/plain\r\n\r\n" + content + "\r\n--" + boundary + "--\r\n";
	}

	private static String field(String boundary, String name, String value) {
		return "--" + boundary + "\r\nContent-Disposition: form-data; name=\"" + name + "\"\r\n\r\n" + value + "\r\n";
	}

	private static byte[] nearMatchingPreamble(String boundary, int size) {
		byte[] preamble = new byte[size];
		byte[] nearMiss = ("\r\n--" + boundary.substring(1) + "x").getBytes(StandardCharsets.US_ASCII);
		for (int i = 0; i < size; i++) {
			preamble[i] = nearMiss[i % nearMiss.length];
		}
		return preamble;
	}

	private static byte[] concat(byte[] first, byte[] second) {
		ByteArrayOutputStream out = new ByteArrayOutputStream();
		out.writeBytes(first);
		out.writeBytes(second);
		return out.toByteArray();
	}

	/**
	 * One hostile request and the answer it must get.
	 *
	 * @param kind what it tries, for the test name
	 * @param contentType the request's {@code Content-Type}, as sent
	 * @param body the raw body
	 * @param status the expected status
	 * @param type the expected problem type
	 */
	record HostileRequest(String kind, String contentType, byte[] body, int status, String type) {

		@Override
		public String toString() {
			return this.kind;
		}

	}

}
