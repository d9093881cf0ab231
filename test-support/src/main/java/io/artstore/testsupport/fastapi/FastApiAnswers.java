package io.artstore.testsupport.fastapi;

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

/**
 * Answers in the shapes FastAPI gives them, for the reference producers of services
 * written with it (the artStore Admin Module and storage element).
 */
public final class FastApiAnswers {

	private static final DateTimeFormatter ISO_FORMAT = DateTimeFormatter.ofPattern("uuuu-MM-dd'T'HH:mm:ss.SSSSSSxxx")
		.withZone(ZoneOffset.UTC);

	private FastApiAnswers() {
	}

	/**
	 * A JSON answer.
	 * @param status its status
	 * @param body its body
	 * @return the answer
	 */
	public static Mono<ServerResponse> json(HttpStatus status, Object body) {
		return ServerResponse.status(status).contentType(MediaType.APPLICATION_JSON).bodyValue(body);
	}

	/**
	 * {@code {"detail": ...}}, as an {@code HTTPException} answers.
	 * @param status its status
	 * @param detail the detail
	 * @return the answer
	 */
	public static Mono<ServerResponse> detail(HttpStatus status, String detail) {
		return json(status, Map.of("detail", detail));
	}

	/**
	 * {@code {"detail": ...}} with a header, such as {@code WWW-Authenticate}.
	 * @param status its status
	 * @param detail the detail
	 * @param header the header's name
	 * @param value its value
	 * @return the answer
	 */
	public static Mono<ServerResponse> detail(HttpStatus status, String detail, String header, String value) {
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
	public static Mono<ServerResponse> invalid(String type, List<Object> loc, String msg, @Nullable Object input) {
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
	public static String isoformat(Instant instant) {
		return ISO_FORMAT.format(instant);
	}

}
