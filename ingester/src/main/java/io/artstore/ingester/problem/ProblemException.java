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

	private final ProblemType problem;

	private final transient Map<String, String> headers;

	private final String errorId = UUID.randomUUID().toString();

	/**
	 * A problem.
	 * @param problem its type, from the catalogue
	 * @param detail what went wrong this time
	 * @param headers extra response headers, such as {@code Retry-After}
	 */
	public ProblemException(ProblemType problem, String detail, Map<String, String> headers) {
		super(detail, null, false, false);
		this.problem = problem;
		this.headers = Map.copyOf(headers);
	}

	public ProblemException(ProblemType problem, String detail) {
		this(problem, detail, Map.of());
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
		return this.problem.status();
	}

	public Map<String, String> headers() {
		return this.headers;
	}

	public String type() {
		return this.problem.type();
	}

	public ProblemType problemType() {
		return this.problem;
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
		String detail = status().is4xxClientError() ? getMessage()
				: this.problem.title() + ". The details are logged under error id " + this.errorId + ".";
		ProblemDetail problem = ProblemDetail.forStatusAndDetail(status(), detail);
		problem.setType(URI.create(TYPE_BASE + this.problem.type()));
		problem.setTitle(this.problem.title());
		problem.setProperty("error_id", this.errorId);
		return problem;
	}

}
