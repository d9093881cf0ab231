package io.artstore.ingester.upload;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.regex.Pattern;

import org.jspecify.annotations.Nullable;
import reactor.core.publisher.Flux;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.core.io.buffer.DataBuffer;
import org.springframework.core.io.buffer.DataBufferUtils;
import org.springframework.core.io.buffer.DataBufferFactory;
import org.springframework.http.ContentDisposition;
import org.springframework.http.HttpHeaders;
import org.springframework.http.InvalidMediaTypeException;
import org.springframework.http.MediaType;
import org.springframework.http.codec.multipart.PartEvent;
import org.springframework.stereotype.Component;

import io.artstore.ingester.problem.ProblemException;
import io.artstore.ingester.problem.ProblemType;

/**
 * Parses a {@code multipart/form-data} body into {@link PartEvent}s as it streams in, as
 * Spring's {@code PartEventHttpMessageReader} does, but finding delimiters with
 * {@link Delimiter}'s skip search instead of looking at every byte, which made the
 * framework's parser the ingester's main cost on large files. File content is passed on
 * as slices of the incoming buffers, never copied; the few bytes held back at the end of
 * one, in case they start a delimiter, go on in a buffer of the incoming buffers' own
 * factory, so that what follows (frames, writes) meets one kind of buffer and allocates
 * from the server's allocator. Form fields and part headers are collected, within limits:
 * {@value #MAX_HEADERS_SIZE} bytes of headers per part, {@value #MAX_FIELD_SIZE} bytes
 * per field, and {@code ingester.upload.max-form-overhead} for all of them together. Its
 * subscriber releases what is discarded ({@link #releasingDiscarded}).
 */
@Component
class PartEventParser {

	static final int MAX_HEADERS_SIZE = 10 * 1024;

	static final int MAX_FIELD_SIZE = 256 * 1024;

	/**
	 * The most bytes kept out of the form before its first and after its last boundary.
	 */
	static final int MAX_PREAMBLE_OR_EPILOGUE = 4 * 1024;

	/** An RFC 2046 boundary: 1 to 70 characters of a fixed set, not ending in a space. */
	private static final Pattern BOUNDARY = Pattern
		.compile("[0-9A-Za-z'()+_,\\-./:=? ]{0,69}[0-9A-Za-z'()+_,\\-./:=?]");

	private static final byte[] NO_BYTES = new byte[0];

	private final long maxFormBytes;

	private final long maxBodyBytes;

	@Autowired
	PartEventParser(UploadProperties properties) {
		this(properties.maxFormOverhead().toBytes(),
				properties.maxFileSize().toBytes() + properties.maxFormOverhead().toBytes());
	}

	PartEventParser(long maxFormBytes) {
		this(maxFormBytes, Long.MAX_VALUE);
	}

	PartEventParser(long maxFormBytes, long maxBodyBytes) {
		this.maxFormBytes = maxFormBytes;
		this.maxBodyBytes = maxBodyBytes;
	}

	/**
	 * Parses a body. Each part gives one or more events, the last of which says
	 * {@link PartEvent#isLast()}; a form field gives one event.
	 * @param contentType the request's content type, with its {@code boundary}
	 * @param body the body as it arrives
	 * @return the parts' events, failing with a 4xx {@link ProblemException} when the
	 * body is malformed or over a limit
	 */
	Flux<PartEvent> parse(@Nullable MediaType contentType, Flux<DataBuffer> body) {
		String boundary = (contentType != null) ? contentType.getParameter("boundary") : null;
		if (boundary != null && boundary.length() > 1 && boundary.startsWith("\"") && boundary.endsWith("\"")) {
			boundary = boundary.substring(1, boundary.length() - 1);
		}
		// Refused without reading the body (the server discards it): releasing it here as
		// well released its buffers twice. The cost of scanning grows with the
		// boundary's length, which is why its length is checked first.
		if (boundary == null || boundary.isEmpty()) {
			return Flux.error(malformed("The multipart content type has no boundary parameter"));
		}
		if (!BOUNDARY.matcher(boundary).matches()) {
			return Flux.error(malformed("The multipart boundary must be 1 to 70 characters of those RFC 2046 allows"));
		}
		byte[] boundaryBytes = boundary.getBytes(StandardCharsets.ISO_8859_1);
		return Flux.defer(() -> {
			Parse parse = new Parse(boundaryBytes);
			return body.concatMapIterable(parse::feed, 1).<PartEvent>handle((event, sink) -> {
				if (event instanceof BrokenBody failure) {
					sink.error(failure.cause());
				}
				else {
					sink.next(event);
				}
			}).concatWith(Flux.defer(parse::complete));
		});
	}

	/**
	 * Releases what the operators of a stream of parsed events discard (events not taken,
	 * chunks still queued) when it is cancelled or fails. Its subscriber applies this
	 * once, downstream of every operator that may hold events: Reactor runs every hook of
	 * the context, so a second level would release the same buffer twice.
	 * @param events the events, and whatever the subscriber made of them
	 * @param <T> what the stream carries
	 * @return the same stream
	 */
	static <T> Flux<T> releasingDiscarded(Flux<T> events) {
		return events.doOnDiscard(PartEvent.class, (event) -> DataBufferUtils.release(event.content()))
			.doOnDiscard(DataBuffer.class, DataBufferUtils::release);
	}

	private static ProblemException malformed(String detail) {
		return new ProblemException(ProblemType.MALFORMED_MULTIPART, detail);
	}

	private static byte[] concat(byte[] first, byte[] second) {
		byte[] joined = Arrays.copyOf(first, first.length + second.length);
		System.arraycopy(second, 0, joined, first.length, second.length);
		return joined;
	}

	private static byte[] read(DataBuffer buffer, int count) {
		byte[] bytes = new byte[count];
		buffer.toByteBuffer(buffer.readPosition(), ByteBuffer.wrap(bytes), 0, count);
		return bytes;
	}

	/**
	 * Takes the first {@code count} readable bytes off a buffer, as a buffer of their
	 * own.
	 */
	private static DataBuffer take(DataBuffer buffer, int count) {
		return buffer.split(buffer.readPosition() + count);
	}

	private enum State {

		/** Before the first delimiter. */
		PREAMBLE,
		/** After a delimiter, up to the empty line that ends the part's headers. */
		HEADERS,
		/** A part's content, up to the next delimiter. */
		BODY,
		/** After the closing delimiter. */
		END

	}

	/** The state of one body's parse. */
	private final class Parse {

		private final Delimiter first;

		private final Delimiter next;

		private State state = State.PREAMBLE;

		/** The end of the last buffer, when it could be the start of a delimiter. */
		private byte[] held = NO_BYTES;

		private byte[] headerBytes = new byte[256];

		private int headerLength;

		private HttpHeaders partHeaders = HttpHeaders.EMPTY;

		private boolean filePart;

		private byte[] fieldBytes = NO_BYTES;

		private int fieldLength;

		private long formBytes;

		private long bodyBytes;

		private long outsideBytes;

		Parse(byte[] boundary) {
			this.first = new Delimiter(concat("--".getBytes(StandardCharsets.US_ASCII), boundary));
			this.next = new Delimiter(concat("\r\n--".getBytes(StandardCharsets.US_ASCII), boundary));
		}

		List<PartEvent> feed(DataBuffer buffer) {
			List<PartEvent> events = new ArrayList<>(2);
			DataBuffer rest = buffer;
			try {
				countBodyBytes(buffer.readableByteCount());
				while (rest != null) {
					if (rest.readableByteCount() == 0) {
						DataBufferUtils.release(rest);
						rest = null;
					}
					else {
						rest = switch (this.state) {
							case PREAMBLE, BODY -> {
								// the joined buffer is what the catch below releases if
								// scan fails
								rest = joinHeld(rest);
								yield scan(rest, events);
							}
							case HEADERS -> headers(rest);
							case END -> {
								outside(rest.readableByteCount());
								DataBufferUtils.release(rest);
								yield null;
							}
						};
					}
				}
				return events;
			}
			catch (RuntimeException ex) {
				if (rest != null) {
					DataBufferUtils.release(rest);
				}
				events.forEach((event) -> DataBufferUtils.release(event.content()));
				this.state = State.END;
				return List.of(new BrokenBody(ex));
			}
		}

		/**
		 * Joins the held bytes and a buffer too short to tell whether they start a
		 * delimiter into one buffer.
		 */
		private DataBuffer joinHeld(DataBuffer buffer) {
			int readable = buffer.readableByteCount();
			if (this.held.length == 0 || readable >= delimiter().length()) {
				return buffer;
			}
			byte[] joined = concat(this.held, read(buffer, readable));
			DataBufferFactory factory = buffer.factory();
			DataBufferUtils.release(buffer);
			this.held = NO_BYTES;
			return factory.wrap(joined);
		}

		private Delimiter delimiter() {
			return (this.state == State.PREAMBLE) ? this.first : this.next;
		}

		Flux<PartEvent> complete() {
			if (this.state == State.END) {
				return Flux.empty();
			}
			return Flux.error(malformed("The body ended before the closing boundary of the multipart form"));
		}

		/**
		 * Looks for the next delimiter; passes on what comes before it, holding back an
		 * end that could be the start of a delimiter.
		 * @return what is left of the buffer after the delimiter, or {@code null}
		 */
		private @Nullable DataBuffer scan(DataBuffer buffer, List<PartEvent> events) {
			Delimiter delimiter = delimiter();
			int length = delimiter.length();
			DataBuffer current = buffer;
			if (this.held.length > 0) {
				byte[] held = this.held;
				this.held = NO_BYTES;
				byte[] joint = concat(held, read(current, length - 1));
				int at = delimiter.indexOf(ByteBuffer.wrap(joint), 0, joint.length);
				if (at >= 0 && at < held.length) {
					content(current.factory().wrap(ByteBuffer.wrap(held, 0, at)), true, events);
					current.readPosition(current.readPosition() + at + length - held.length);
					this.state = State.HEADERS;
					this.headerLength = 0;
					return current;
				}
				content(current.factory().wrap(held), false, events);
			}
			int readable = current.readableByteCount();
			int at;
			int partial = 0;
			try (DataBuffer.ByteBufferIterator views = current.readableByteBuffers()) {
				ByteBuffer view = views.next();
				if (views.hasNext()) {
					view = current.toByteBuffer(current.readPosition(), readable);
				}
				int start = view.position();
				at = delimiter.indexOf(view, start, start + readable);
				if (at >= 0) {
					at -= start;
				}
				else {
					partial = delimiter.partialMatchAtEnd(view, start, start + readable);
					if (partial > 0) {
						this.held = new byte[partial];
						view.get(start + readable - partial, this.held);
					}
				}
			}
			if (at >= 0) {
				content(take(current, at), true, events);
				current.readPosition(current.readPosition() + length);
				this.state = State.HEADERS;
				this.headerLength = 0;
				return current;
			}
			content(take(current, readable - partial), false, events);
			DataBufferUtils.release(current);
			return null;
		}

		/** Passes on, collects or drops (before the first delimiter) some content. */
		private void content(DataBuffer content, boolean last, List<PartEvent> events) {
			if (this.state == State.PREAMBLE) {
				int count = content.readableByteCount();
				DataBufferUtils.release(content);
				outside(count);
				return;
			}
			if (this.filePart) {
				if (last || content.readableByteCount() > 0) {
					events.add(new ParsedPart.FileChunk(this.partHeaders, content, last));
				}
				else {
					DataBufferUtils.release(content);
				}
				return;
			}
			int count = content.readableByteCount();
			try {
				if (this.fieldLength + count > MAX_FIELD_SIZE) {
					throw new ProblemException(ProblemType.FORM_FIELD_TOO_LARGE,
							"Form field '" + this.partHeaders.getContentDisposition().getName()
									+ "' is larger than the limit of " + MAX_FIELD_SIZE + " bytes");
				}
				if (this.fieldLength + count > this.fieldBytes.length) {
					this.fieldBytes = Arrays.copyOf(this.fieldBytes,
							Math.min(MAX_FIELD_SIZE, Math.max(2 * this.fieldBytes.length, this.fieldLength + count)));
				}
				content.toByteBuffer(content.readPosition(), ByteBuffer.wrap(this.fieldBytes), this.fieldLength, count);
				this.fieldLength += count;
			}
			finally {
				DataBufferUtils.release(content);
			}
			if (last) {
				countFormBytes(this.fieldLength);
				events.add(ParsedPart.FormField.of(this.partHeaders, this.fieldBytes, this.fieldLength));
			}
		}

		/**
		 * Collects a part's headers up to the empty line that ends them, or notices the
		 * closing delimiter.
		 * @return what is left of the buffer after the headers, or {@code null}
		 */
		private @Nullable DataBuffer headers(DataBuffer buffer) {
			int readable = buffer.readableByteCount();
			int count = Math.min(readable, MAX_HEADERS_SIZE + 4 - this.headerLength);
			if (this.headerLength + count > this.headerBytes.length) {
				this.headerBytes = Arrays.copyOf(this.headerBytes,
						Math.max(2 * this.headerBytes.length, this.headerLength + count));
			}
			buffer.toByteBuffer(buffer.readPosition(), ByteBuffer.wrap(this.headerBytes), this.headerLength, count);
			int searchFrom = Math.max(0, this.headerLength - 3);
			this.headerLength += count;
			buffer.readPosition(buffer.readPosition() + count);
			if (this.headerLength >= 2 && this.headerBytes[0] == '-' && this.headerBytes[1] == '-') {
				this.state = State.END;
				// Counted before the release: a refusal leaves the buffer to feed's
				// clean-up, which releases it once.
				outside(this.headerLength - 2 + buffer.readableByteCount());
				DataBufferUtils.release(buffer);
				return null;
			}
			int end = endOfHeaders(searchFrom);
			if (end < 0) {
				if (this.headerLength > MAX_HEADERS_SIZE) {
					throw malformed(
							"The headers of a part are larger than the limit of " + MAX_HEADERS_SIZE + " bytes");
				}
				DataBufferUtils.release(buffer);
				return null;
			}
			buffer.readPosition(buffer.readPosition() - (this.headerLength - (end + 4)));
			startPart(parseHeaders(end));
			countFormBytes(end + 4);
			this.state = State.BODY;
			return buffer;
		}

		private int endOfHeaders(int from) {
			for (int i = from; i + 3 < this.headerLength; i++) {
				if (this.headerBytes[i] == '\r' && this.headerBytes[i + 1] == '\n' && this.headerBytes[i + 2] == '\r'
						&& this.headerBytes[i + 3] == '\n') {
					return i;
				}
			}
			return -1;
		}

		private HttpHeaders parseHeaders(int length) {
			HttpHeaders headers = new HttpHeaders();
			for (String line : new String(this.headerBytes, 0, length, StandardCharsets.UTF_8).split("\r\n")) {
				int colon = line.indexOf(':');
				if (colon > 0) {
					headers.add(line.substring(0, colon).strip(), line.substring(colon + 1).strip());
				}
			}
			return headers;
		}

		private void startPart(HttpHeaders headers) {
			ContentDisposition disposition;
			try {
				disposition = headers.getContentDisposition();
			}
			catch (IllegalArgumentException ex) {
				throw malformed("A part has a malformed Content-Disposition: " + ex.getMessage());
			}
			try {
				headers.getContentType();
			}
			catch (InvalidMediaTypeException ex) {
				throw malformed("A part has a malformed Content-Type: " + ex.getMessage());
			}
			if (disposition.getName() == null) {
				throw malformed("Every part needs a Content-Disposition header with a name");
			}
			this.partHeaders = headers;
			this.filePart = disposition.getFilename() != null;
			this.fieldLength = 0;
		}

		/**
		 * Counts every byte of the body, whatever part it belongs to, against the largest
		 * file plus the form overhead: preamble, epilogue and ignored parts are not free.
		 */
		private void countBodyBytes(int count) {
			this.bodyBytes += count;
			if (this.bodyBytes > PartEventParser.this.maxBodyBytes) {
				throw new ProblemException(ProblemType.BODY_TOO_LARGE, "The request body is larger than the limit of "
						+ PartEventParser.this.maxBodyBytes + " bytes (the largest file plus the form overhead)");
			}
		}

		/** Counts bytes before the first or after the last boundary. */
		private void outside(int count) {
			this.outsideBytes += count;
			if (this.outsideBytes > MAX_PREAMBLE_OR_EPILOGUE) {
				throw malformed("More than " + MAX_PREAMBLE_OR_EPILOGUE
						+ " bytes come before the first or after the last boundary of the form");
			}
		}

		private void countFormBytes(long count) {
			this.formBytes += count;
			if (this.formBytes > PartEventParser.this.maxFormBytes) {
				throw new ProblemException(ProblemType.FORM_TOO_LARGE,
						"The form's fields and part headers are larger than the limit of "
								+ PartEventParser.this.maxFormBytes + " bytes");
			}
		}

	}

}
