package io.artstore.ingester.support;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.netty.http.client.HttpClient;
import reactor.netty.resources.ConnectionProvider;

/**
 * An upload as a plain client sends it, straight onto the wire (Reactor Netty, no Spring
 * codecs): form fields, then the file part with the given content, streamed.
 */
public final class RawUpload {

	private static final ConnectionProvider CALLERS = ConnectionProvider.builder("raw-uploads")
		.maxConnections(32)
		.build();

	private RawUpload() {
	}

	/**
	 * Sends an upload and reads its answer; a connection that fails gives status 0.
	 * @param baseUrl the ingester's base URL
	 * @param token the caller's access token
	 * @param fields form fields, sent before the file part in their iteration order
	 * @param filename the file part's name
	 * @param content the file's bytes
	 * @param timeout how long the answer may take
	 * @return the answer
	 */
	public static Mono<Answer> send(String baseUrl, String token, Map<String, String> fields, String filename,
			Flux<ByteBuf> content, Duration timeout) {
		return send(baseUrl, token, fields, filename, content, Map.of(), timeout);
	}

	/**
	 * Sends an upload with form fields after the file part too, as {@code curl -F} does
	 * for fields given after the file, and reads its answer.
	 * @param fieldsAfter form fields sent after the file part
	 * @see #send(String, String, Map, String, Flux, Duration)
	 */
	public static Mono<Answer> send(String baseUrl, String token, Map<String, String> fields, String filename,
			Flux<ByteBuf> content, Map<String, String> fieldsAfter, Duration timeout) {
		String boundary = "raw-upload-" + System.nanoTime();
		StringBuilder head = new StringBuilder();
		fields.forEach((name, value) -> field(head, boundary, name, value));
		head.append("--")
			.append(boundary)
			.append("\r\nContent-Disposition: form-data; name=\"file\"; filename=\"")
			.append(filename)
			.append("\"\r\nContent-Type: application/octet-stream\r\n\r\n");
		StringBuilder after = new StringBuilder("\r\n");
		fieldsAfter.forEach((name, value) -> field(after, boundary, name, value));
		ByteBuf tail = Unpooled.wrappedBuffer(
				after.append("--").append(boundary).append("--\r\n").toString().getBytes(StandardCharsets.UTF_8));
		return HttpClient.create(CALLERS)
			.headers((headers) -> headers.set("Authorization", "Bearer " + token)
				.set("Content-Type", "multipart/form-data; boundary=" + boundary))
			.post()
			.uri(baseUrl + "/api/v1/files/upload")
			.send(Flux.concat(Mono.just(Unpooled.wrappedBuffer(head.toString().getBytes(StandardCharsets.UTF_8))),
					content, Mono.just(tail)))
			.responseSingle((response, bytes) -> bytes.asString()
				.defaultIfEmpty("")
				.map((text) -> new Answer(response.status().code(), text)))
			.timeout(timeout)
			.onErrorResume((ex) -> Mono.just(new Answer(0, String.valueOf(ex))));
	}

	private static void field(StringBuilder form, String boundary, String name, String value) {
		form.append("--")
			.append(boundary)
			.append("\r\nContent-Disposition: form-data; name=\"")
			.append(name)
			.append("\"\r\n\r\n")
			.append(value)
			.append("\r\n");
	}

	/**
	 * An answer.
	 *
	 * @param status the HTTP status, 0 when there was none
	 * @param body the body as text, or what failed
	 */
	public record Answer(int status, String body) {
	}

}
