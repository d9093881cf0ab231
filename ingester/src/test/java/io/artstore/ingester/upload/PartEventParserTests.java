package io.artstore.ingester.upload;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.PooledByteBufAllocator;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Assume;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.Size;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import reactor.core.publisher.Flux;

import org.springframework.core.io.buffer.DataBuffer;
import org.springframework.core.io.buffer.DataBufferUtils;
import org.springframework.core.io.buffer.DefaultDataBufferFactory;
import org.springframework.core.io.buffer.NettyDataBufferFactory;
import org.springframework.http.MediaType;
import org.springframework.http.codec.multipart.FilePartEvent;
import org.springframework.http.codec.multipart.FormPartEvent;
import org.springframework.http.codec.multipart.PartEvent;

import io.artstore.ingester.problem.ProblemException;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/**
 * {@link PartEventParser} over generated forms: any boundary, content full of near-miss
 * delimiters, bodies cut into buffers anywhere, and pooled Netty buffers, which must all
 * be released exactly once.
 */
class PartEventParserTests {

	private static final String BCHARS = "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789'()+_,-./:=?";

	private final NettyDataBufferFactory buffers = new NettyDataBufferFactory(PooledByteBufAllocator.DEFAULT);

	private final List<ByteBuf> sent = new ArrayList<>();

	@Property(tries = 300)
	void everyFormIsParsedBackIntoItsParts(@ForAll("boundaries") String boundary, @ForAll("forms") List<Part> parts,
			@ForAll boolean preambleAndEpilogue,
			@ForAll @Size(min = 1, max = 8) List<@IntRange(min = 1, max = 200) Integer> cuts) {
		byte[] delimiter = ("\r\n--" + boundary).getBytes(StandardCharsets.ISO_8859_1);
		parts.forEach((part) -> Assume.that(indexOf(part.content(), delimiter) < 0));
		byte[] body = body(boundary, parts, preambleAndEpilogue);

		List<Part> parsed = collect(parse(boundary, chunks(body, cuts)));

		assertThat(parsed).isEqualTo(parts);
		assertAllSentBuffersReleased();
	}

	@Test
	void fileContentIsPassedOnAsItArrivesNotCollected() {
		byte[] content = new byte[64 * 1024];
		Arrays.fill(content, (byte) '\r');
		byte[] body = body("b", List.of(Part.file("file", "a.bin", content)), false);
		List<PartEvent> events = parse("b", chunks(body, List.of(4096))).collectList().block();
		assertThat(events).hasSizeGreaterThan(10)
			.allSatisfy((event) -> assertThat(event).isInstanceOf(FilePartEvent.class));
		assertThat(events.get(events.size() - 1).isLast()).isTrue();
		assertThat(events.subList(0, events.size() - 1)).noneMatch(PartEvent::isLast);
		events.forEach((event) -> DataBufferUtils.release(event.content()));
		assertAllSentBuffersReleased();
	}

	/**
	 * Bytes held back in case they start a delimiter go on in buffers of the server's own
	 * kind, not heap buffers: a frame allocated from such a buffer's factory would be on
	 * the heap, and Netty would copy it again to write it.
	 */
	@Test
	void heldBackBytesGoOnInBuffersOfTheIncomingFactory() {
		byte[] content = new byte[64 * 1024];
		Arrays.fill(content, (byte) '\r');
		byte[] body = body("bound", List.of(Part.file("file", "a.bin", content)), false);
		List<PartEvent> events = parse("bound", chunks(body, List.of(4096, 1, 2, 7))).collectList().block();
		assertThat(events).hasSizeGreaterThan(10)
			.allSatisfy((event) -> assertThat(event.content().factory()).isSameAs(this.buffers));
		long received = events.stream().mapToLong((event) -> event.content().readableByteCount()).sum();
		events.forEach((event) -> DataBufferUtils.release(event.content()));
		assertThat(received).isEqualTo(content.length);
		assertAllSentBuffersReleased();
	}

	@Test
	void bodyWithoutItsClosingDelimiterIsMalformed() {
		String body = "--b\r\nContent-Disposition: form-data; name=\"file\"; filename=\"a.txt\"\r\n\r\nhalf a fi";
		assertRefused(parse("b", chunks(body.getBytes(StandardCharsets.US_ASCII), List.of(7))), 400,
				"malformed-multipart");
		assertAllSentBuffersReleased();
	}

	@Test
	void partWithoutANameIsMalformed() {
		String body = "--b\r\nContent-Type: text/plain\r\n\r\nx\r\n--b--\r\n";
		assertRefused(parse("b", chunks(body.getBytes(StandardCharsets.US_ASCII), List.of(200))), 400,
				"malformed-multipart");
		assertAllSentBuffersReleased();
	}

	@Test
	void partHeadersOverTheLimitAreMalformed() {
		String body = "--b\r\nContent-Disposition: form-data; name=\"a\"\r\nX-Padding: "
				+ "p".repeat(PartEventParser.MAX_HEADERS_SIZE) + "\r\n\r\nx\r\n--b--\r\n";
		assertRefused(parse("b", chunks(body.getBytes(StandardCharsets.US_ASCII), List.of(1000))), 400,
				"malformed-multipart");
		assertAllSentBuffersReleased();
	}

	@Test
	void fieldOverTheLimitIsTooLarge() {
		byte[] body = body("b", List.of(Part.field("metadata", "x".repeat(PartEventParser.MAX_FIELD_SIZE + 1))), false);
		assertRefused(parse("b", chunks(body, List.of(8192))), 413, "form-field-too-large");
		assertAllSentBuffersReleased();
	}

	@Test
	void fieldsOverTheFormLimitTogetherAreTooLarge() {
		List<Part> fields = new ArrayList<>();
		for (int i = 0; i < 10; i++) {
			fields.add(Part.field("f" + i, "v".repeat(200)));
		}
		Flux<PartEvent> events = new PartEventParser(1000).parse(contentType("b"),
				chunks(body("b", fields, false), List.of(100)));
		assertRefused(events, 413, "form-too-large");
		assertAllSentBuffersReleased();
	}

	@Test
	void contentTypeWithoutABoundaryIsMalformed() {
		assertRefused(new PartEventParser(1000).parse(MediaType.MULTIPART_FORM_DATA, chunks(new byte[10], List.of(5))),
				400, "malformed-multipart");
		assertAllSentBuffersReleased();
	}

	@Test
	void everyBodyByteCountsAgainstTheBodyLimitEvenInPartsThatAreIgnored() {
		byte[] body = body("b",
				List.of(Part.file("other", "junk.bin", new byte[5000]), Part.file("file", "a.bin", new byte[10])),
				false);
		assertRefused(new PartEventParser(1000, 4000).parse(MediaType.parseMediaType("multipart/form-data; boundary=b"),
				chunks(body, List.of(1000))), 413, "body-too-large");
		assertAllSentBuffersReleased();
	}

	@Test
	void preambleLongerThanTheLimitIsMalformed() {
		byte[] form = body("b", List.of(Part.field("a", "value")), false);
		byte[] body = new byte[PartEventParser.MAX_PREAMBLE_OR_EPILOGUE + 1 + form.length];
		Arrays.fill(body, 0, PartEventParser.MAX_PREAMBLE_OR_EPILOGUE + 1, (byte) '-');
		System.arraycopy(form, 0, body, PartEventParser.MAX_PREAMBLE_OR_EPILOGUE + 1, form.length);
		assertRefused(new PartEventParser(1000).parse(MediaType.parseMediaType("multipart/form-data; boundary=b"),
				chunks(body, List.of(700))), 400, "malformed-multipart");
		assertAllSentBuffersReleased();
	}

	@ParameterizedTest
	@ValueSource(strings = { "\"\"", "\"ab \"", "\"a<b\"",
			"aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa" })
	void boundariesThatRfc2046DoesNotAllowAreRefusedWithoutReadingTheBody(String boundary) {
		List<DataBuffer> read = new ArrayList<>();
		Flux<DataBuffer> body = Flux.<DataBuffer>just(DefaultDataBufferFactory.sharedInstance.wrap(new byte[10]))
			.doOnNext(read::add);
		assertRefused(new PartEventParser(1000)
			.parse(MediaType.parseMediaType("multipart/form-data; boundary=" + boundary), body), 400,
				"malformed-multipart");
		assertThat(read).isEmpty();
	}

	@Test
	void delimiterSearchComparesAtMostOncePerDelimiterByteForEachContentByte() {
		// The longest boundary RFC 2046 allows, and content made of near misses of it.
		byte[] delimiterBytes = ("\r\n--" + "-".repeat(70)).getBytes(StandardCharsets.US_ASCII);
		byte[] nearMiss = Arrays.copyOf(delimiterBytes, delimiterBytes.length);
		nearMiss[nearMiss.length - 1] = 'x';
		byte[] content = new byte[1024 * 1024];
		for (int i = 0; i < content.length; i++) {
			content[i] = (i % 7 == 6) ? (byte) 'x' : (byte) '-';
		}
		for (int i = 0; i + nearMiss.length <= content.length; i += 3 * nearMiss.length) {
			System.arraycopy(nearMiss, 0, content, i, nearMiss.length);
		}
		Delimiter delimiter = new Delimiter(delimiterBytes);

		assertThat(delimiter.indexOf(ByteBuffer.wrap(content), 0, content.length)).isEqualTo(-1);
		assertThat(delimiter.comparisons()).isPositive()
			.isLessThanOrEqualTo((long) content.length * delimiterBytes.length);
	}

	@Test
	void quotedBoundaryAndTransportPaddingAreUnderstood() {
		String body = "--b c \t\r\nContent-Disposition: form-data; name=\"a\"\r\n\r\nvalue\r\n--b c--  \r\n";
		List<Part> parts = collect(
				new PartEventParser(1000).parse(MediaType.parseMediaType("multipart/form-data; boundary=\"b c\""),
						chunks(body.getBytes(StandardCharsets.US_ASCII), List.of(3))));
		assertThat(parts).containsExactly(Part.field("a", "value"));
		assertAllSentBuffersReleased();
	}

	@Test
	void cancellingReleasesWhatWasNotTaken() {
		byte[] body = body("b", List.of(Part.file("file", "a.bin", new byte[50_000])), false);
		List<PartEvent> taken = PartEventParser.releasingDiscarded(parse("b", chunks(body, List.of(1000))))
			.take(3)
			.collectList()
			.block();
		assertThat(taken).hasSize(3);
		taken.forEach((event) -> DataBufferUtils.release(event.content()));
		assertAllSentBuffersReleased();
	}

	@Provide
	Arbitrary<String> boundaries() {
		return Arbitraries.strings().withChars(BCHARS).ofMinLength(1).ofMaxLength(70);
	}

	@Provide
	Arbitrary<List<Part>> forms() {
		return parts().list().ofMaxSize(4);
	}

	private Arbitrary<Part> parts() {
		Arbitrary<String> names = Arbitraries.strings().alpha().ofMinLength(1).ofMaxLength(12);
		Arbitrary<Part> fields = Combinators.combine(names, Arbitraries.strings().ofMaxLength(300)).as(Part::field);
		Arbitrary<Part> files = Combinators.combine(names, names, contents())
			.as((name, filename, content) -> Part.file(name, filename + ".bin", content));
		return Arbitraries.oneOf(fields, files);
	}

	/**
	 * File content made of random bytes and pieces that look like a delimiter's start.
	 */
	private Arbitrary<byte[]> contents() {
		Arbitrary<byte[]> pieces = Arbitraries.oneOf(Arbitraries.bytes().array(byte[].class).ofMaxSize(300),
				Arbitraries.of("\r", "\n", "\r\n", "\r\n-", "\r\n--", "--", "\r\n--a", "\r\n--ab", "\r\r\n--")
					.map((text) -> text.getBytes(StandardCharsets.US_ASCII)));
		return pieces.list().ofMaxSize(12).map((list) -> {
			ByteArrayOutputStream content = new ByteArrayOutputStream();
			list.forEach(content::writeBytes);
			return content.toByteArray();
		});
	}

	private Flux<PartEvent> parse(String boundary, Flux<DataBuffer> body) {
		return new PartEventParser(1024 * 1024).parse(contentType(boundary), body);
	}

	private static MediaType contentType(String boundary) {
		return new MediaType(MediaType.MULTIPART_FORM_DATA, java.util.Map.of("boundary", "\"" + boundary + "\""));
	}

	/** The body cut into pooled direct buffers whose content starts after a few bytes. */
	private Flux<DataBuffer> chunks(byte[] body, List<Integer> cuts) {
		return Flux.defer(() -> {
			List<DataBuffer> chunks = new ArrayList<>();
			int offset = 0;
			for (int i = 0; offset < body.length; i++) {
				int length = Math.min(cuts.get(i % cuts.size()), body.length - offset);
				ByteBuf buf = PooledByteBufAllocator.DEFAULT.directBuffer(length + 3);
				buf.writeBytes(new byte[] { 1, 2, 3 }).writeBytes(body, offset, length).readerIndex(3);
				this.sent.add(buf.retain());
				chunks.add(this.buffers.wrap(buf));
				offset += length;
			}
			return Flux.fromIterable(chunks);
		});
	}

	private static byte[] body(String boundary, List<Part> parts, boolean preambleAndEpilogue) {
		ByteArrayOutputStream body = new ByteArrayOutputStream();
		if (preambleAndEpilogue) {
			body.writeBytes("This is the preamble.\r\n".getBytes(StandardCharsets.US_ASCII));
		}
		for (Part part : parts) {
			String disposition = "Content-Disposition: form-data; name=\"" + part.name() + "\""
					+ ((part.filename() != null) ? "; filename=\"" + part.filename() + "\"" : "");
			body.writeBytes(("--" + boundary + "\r\n" + disposition + "\r\n\r\n").getBytes(StandardCharsets.UTF_8));
			body.writeBytes(part.content());
			body.writeBytes("\r\n".getBytes(StandardCharsets.US_ASCII));
		}
		body.writeBytes(("--" + boundary + "--").getBytes(StandardCharsets.ISO_8859_1));
		if (preambleAndEpilogue) {
			body.writeBytes("\r\nThis is the epilogue, with \r\n--".getBytes(StandardCharsets.US_ASCII));
		}
		return body.toByteArray();
	}

	/** Turns events back into parts, releasing their buffers. */
	private static List<Part> collect(Flux<PartEvent> events) {
		List<Part> parts = new ArrayList<>();
		ByteArrayOutputStream content = new ByteArrayOutputStream();
		for (PartEvent event : Objects
			.requireNonNull(PartEventParser.releasingDiscarded(events).collectList().block())) {
			if (event instanceof FormPartEvent field) {
				parts.add(Part.field(field.name(), field.value()));
			}
			else if (event instanceof FilePartEvent file) {
				byte[] bytes = new byte[file.content().readableByteCount()];
				file.content().read(bytes);
				content.writeBytes(bytes);
				if (file.isLast()) {
					parts.add(Part.file(file.name(), file.filename(), content.toByteArray()));
					content.reset();
				}
			}
			DataBufferUtils.release(event.content());
		}
		return parts;
	}

	private static void assertRefused(Flux<PartEvent> events, int status, String type) {
		assertThatExceptionOfType(ProblemException.class)
			.isThrownBy(() -> PartEventParser.releasingDiscarded(events)
				.doOnNext((event) -> DataBufferUtils.release(event.content()))
				.blockLast())
			.satisfies((ex) -> {
				assertThat(ex.status().value()).isEqualTo(status);
				assertThat(ex.toProblemDetail().getType().toString()).endsWith("/" + type);
			});
	}

	/**
	 * Each sent buffer holds one more reference, as Reactor Netty's inbound buffers do
	 * until {@code onNext} returns: the parser must have given up exactly its own, no
	 * more.
	 */
	private void assertAllSentBuffersReleased() {
		assertThat(this.sent).allSatisfy((buf) -> assertThat(buf.refCnt()).as("reference count").isOne());
		this.sent.forEach(ByteBuf::release);
		this.sent.clear();
	}

	private static int indexOf(byte[] content, byte[] delimiter) {
		outer: for (int i = 0; i + delimiter.length <= content.length; i++) {
			for (int j = 0; j < delimiter.length; j++) {
				if (content[i + j] != delimiter[j]) {
					continue outer;
				}
			}
			return i;
		}
		return -1;
	}

	/** A part as sent, or as parsed back; {@code filename} is {@code null} for fields. */
	record Part(String name, String filename, byte[] content) {

		static Part field(String name, String value) {
			return new Part(name, null, value.getBytes(StandardCharsets.UTF_8));
		}

		static Part file(String name, String filename, byte[] content) {
			return new Part(name, filename, content);
		}

		@Override
		public boolean equals(Object other) {
			return other instanceof Part part && this.name.equals(part.name)
					&& Objects.equals(this.filename, part.filename) && Arrays.equals(this.content, part.content);
		}

		@Override
		public int hashCode() {
			return Objects.hash(this.name, this.filename, Arrays.hashCode(this.content));
		}

		@Override
		public String toString() {
			return ((this.filename != null) ? "file " + this.name + "/" + this.filename : "field " + this.name) + ": "
					+ this.content.length + " bytes";
		}

	}

}
