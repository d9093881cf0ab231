package io.artstore.reference.storage;

import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.jspecify.annotations.Nullable;
import reactor.core.publisher.Mono;

import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.web.reactive.function.server.ServerResponse;

/** The element's answers in FastAPI's shapes. */
final class Answers {

	private static final DateTimeFormatter ISO_FORMAT = DateTimeFormatter.ofPattern("uuuu-MM-dd'T'HH:mm:ss.SSSSSSxxx")
		.withZone(ZoneOffset.UTC);

	private Answers() {
	}

	static Mono<ServerResponse> json(HttpStatus status, Object body) {
		return ServerResponse.status(status).contentType(MediaType.APPLICATION_JSON).bodyValue(body);
	}

	static Mono<ServerResponse> detail(HttpStatus status, String detail) {
		return json(status, Map.of("detail", detail));
	}

	static Mono<ServerResponse> detail(HttpStatus status, String detail, String header, String value) {
		return ServerResponse.status(status)
			.header(header, value)
			.contentType(MediaType.APPLICATION_JSON)
			.bodyValue(Map.of("detail", detail));
	}

	/**
	 * A request validation error (422), with one error.
	 * @param type pydantic's error type
	 * @param loc where: {@code body}, {@code path}, then the field
	 * @param msg the message
	 * @param input what was sent there
	 * @return the answer
	 */
	static Mono<ServerResponse> invalid(String type, List<Object> loc, String msg, @Nullable Object input) {
		Map<String, @Nullable Object> error = new LinkedHashMap<>();
		error.put("type", type);
		error.put("loc", loc);
		error.put("msg", msg);
		error.put("input", input);
		return json(HttpStatus.UNPROCESSABLE_CONTENT, Map.of("detail", List.of(error)));
	}

	/**
	 * An instant as Python's {@code datetime.isoformat()} writes one in UTC.
	 * @param instant the instant
	 * @return for example {@code 2026-11-24T10:00:00.123456+00:00}
	 */
	static String isoformat(Instant instant) {
		return ISO_FORMAT.format(instant);
	}

}
