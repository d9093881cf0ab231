package io.artstore.ingester.problem;

import java.net.URI;
import java.util.Map;
import java.util.UUID;

import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;

/**
 * A failure that the caller sees as an {@code application/problem+json} answer with a
 * stable {@code type} URI. Raised through {@code Mono.error(...)} anywhere in the upload
 * flow.
 *
 * <p>
 * A 4xx problem's detail speaks of the caller's request and is answered as is. A 5xx
 * problem's detail (the message) may name hosts, ports and what a service behind the
 * ingester answered: it goes to the log only, with the problem's {@link #errorId()}, and
 * the caller gets a fixed text and the same id.
 */
public class ProblemException extends RuntimeException {

	private static final long serialVersionUID = 1L;

	/** The base of every problem type URI the ingester answers with. */
	public static final String TYPE_BASE = "https://artstore.io/problems/";

	private final HttpStatus status;

	private final String type;

	private final String title;

	private final transient Map<String, String> headers;

	private final String errorId = UUID.randomUUID().toString();

	/**
	 * A problem.
	 * @param status the HTTP status
	 * @param type the last segment of the type URI, for example {@code file-too-large}
	 * @param title a short, fixed summary of the kind of problem
	 * @param detail what went wrong this time
	 * @param headers extra response headers, such as {@code Retry-After}
	 */
	public ProblemException(HttpStatus status, String type, String title, String detail, Map<String, String> headers) {
		super(detail, null, false, false);
		this.status = status;
		this.type = type;
		this.title = title;
		this.headers = Map.copyOf(headers);
	}

	public ProblemException(HttpStatus status, String type, String title, String detail) {
		this(status, type, title, detail, Map.of());
	}

	public static ProblemException badRequest(String type, String title, String detail) {
		return new ProblemException(HttpStatus.BAD_REQUEST, type, title, detail);
	}

	/**
	 * Whether a failure is the caller's doing: a problem with a 4xx status. Anything else
	 * failed in the ingester or in a service behind it.
	 * @param failure any failure of the upload flow
	 * @return {@code true} for a 4xx problem
	 */
	public static boolean isCallerFault(Throwable failure) {
		return failure instanceof ProblemException problem && problem.status().is4xxClientError();
	}

	public HttpStatus status() {
		return this.status;
	}

	public Map<String, String> headers() {
		return this.headers;
	}

	public String type() {
		return this.type;
	}

	/**
	 * The id that the caller's answer and the log line with the details both carry.
	 * @return a random UUID
	 */
	public String errorId() {
		return this.errorId;
	}

	/**
	 * The problem as RFC 9457 problem details, with an {@code error_id} extension member;
	 * a 5xx problem's detail is a fixed text that names nothing behind the ingester.
	 * @return the problem details
	 */
	public ProblemDetail toProblemDetail() {
		String detail = this.status.is4xxClientError() ? getMessage()
				: this.title + ". The details are logged under error id " + this.errorId + ".";
		ProblemDetail problem = ProblemDetail.forStatusAndDetail(this.status, detail);
		problem.setType(URI.create(TYPE_BASE + this.type));
		problem.setTitle(this.title);
		problem.setProperty("error_id", this.errorId);
		return problem;
	}

}
