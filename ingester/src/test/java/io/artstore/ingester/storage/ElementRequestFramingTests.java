package io.artstore.ingester.storage;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import io.netty.buffer.PooledByteBufAllocator;
import org.junit.jupiter.api.Test;
import reactor.core.publisher.Flux;

import org.springframework.core.ResolvableType;
import org.springframework.core.io.buffer.DataBuffer;
import org.springframework.core.io.buffer.DataBufferUtils;
import org.springframework.core.io.buffer.DataBufferFactory;
import org.springframework.core.io.buffer.DefaultDataBufferFactory;
import org.springframework.core.io.buffer.NettyDataBuffer;
import org.springframework.core.io.buffer.NettyDataBufferFactory;
import org.springframework.http.MediaType;
import org.springframework.http.codec.multipart.DefaultPartHttpMessageReader;
import org.springframework.http.codec.multipart.FilePart;
import org.springframework.http.codec.multipart.FormFieldPart;
import org.springframework.http.codec.multipart.Part;
import org.springframework.mock.http.server.reactive.MockServerHttpRequest;
import org.springframework.util.unit.DataSize;
import org.springframework.web.reactive.function.client.WebClient;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * What an element receives on the wire: the caller's stream arrives in pieces of a few
 * KiB, and the element gets it in frames of at least 64 KiB, with a
 * {@code Content-Length} when the file fits in one. Read off the raw socket (not through
 * an HTTP library that would hide the chunks), and the body parsed by Spring's multipart
 * reader, not by the ingester's own parser.
 */
class ElementRequestFramingTests {

	private static final int FRAME = 64 * 1024;

	private static final UUID FILE_ID = UUID.randomUUID();

	private static final OutgoingFile FILE = OutgoingFile.known("scan \"7\".tiff", MediaType.IMAGE_PNG, "permanent",
			"a description");

	private final NettyDataBufferFactory netty = new NettyDataBufferFactory(PooledByteBufAllocator.DEFAULT);

	@Test
	void fileThatFitsInOneFrameGoesInOneWriteWithAContentLength() {
		byte[] file = random(10 * 1024);
		List<DataBuffer> pieces = pieces(file, 1500, this.netty);

		CapturedRequest request = upload(Flux.fromIterable(pieces));

		assertThat(request.headers()).containsEntry("content-length", String.valueOf(request.body().length))
			.doesNotContainKey("transfer-encoding");
		assertFormCarries(request, file);
		assertReleased(pieces);
	}

	@Test
	void largerFileGoesChunkedInFramesOfAtLeast64KiB() {
		byte[] file = random(1024 * 1024 + 123);
		List<DataBuffer> pieces = pieces(file, 8 * 1024, this.netty);

		CapturedRequest request = upload(Flux.fromIterable(pieces));

		assertThat(request.headers()).containsEntry("transfer-encoding", "chunked").doesNotContainKey("content-length");
		List<Integer> chunks = request.chunks();
		// the form's head, the file in frames (the last may be shorter), the tail
		assertThat(chunks).hasSizeLessThanOrEqualTo(2 + (file.length + FRAME - 1) / FRAME);
		assertThat(chunks.subList(1, chunks.size() - 2))
			.allSatisfy((size) -> assertThat(size).isGreaterThanOrEqualTo(FRAME));
		assertFormCarries(request, file);
		assertReleased(pieces);
	}

	@Test
	void heapPiecesSuchAsAReplayedBeginningAreFramedToo() {
		byte[] file = random(300 * 1024);

		CapturedRequest request = upload(
				Flux.fromIterable(pieces(file, 4096, DefaultDataBufferFactory.sharedInstance)));

		assertThat(request.chunks().subList(1, request.chunks().size() - 2))
			.allSatisfy((size) -> assertThat(size).isGreaterThanOrEqualTo(FRAME));
		assertFormCarries(request, file);
	}

	private CapturedRequest upload(Flux<DataBuffer> content) {
		try (WireElement element = new WireElement()) {
			StoredCopy copy = client().upload(element.url(), content, FILE, FILE_ID, "token")
				.block(Duration.ofSeconds(20));
			assertThat(copy).isNotNull();
			return element.request();
		}
	}

	private static void assertFormCarries(CapturedRequest request, byte[] file) {
		Map<String, Part> parts = new DefaultPartHttpMessageReader()
			.read(ResolvableType.forClass(Part.class),
					MockServerHttpRequest.post("/")
						.header("Content-Type", request.headers().get("content-type"))
						.body(Flux.just(DefaultDataBufferFactory.sharedInstance.wrap(request.body()))),
					Map.of())
			.collectMap(Part::name)
			.block(Duration.ofSeconds(10));
		assertThat(parts).containsOnlyKeys("file_id", "description", "retention_policy", "file");
		assertThat(((FormFieldPart) parts.get("file_id")).value()).as("the id the element stores the file under")
			.isEqualTo(FILE_ID.toString());
		assertThat(((FormFieldPart) parts.get("description")).value()).isEqualTo("a description");
		assertThat(((FormFieldPart) parts.get("retention_policy")).value()).isEqualTo("permanent");
		FilePart filePart = (FilePart) parts.get("file");
		assertThat(filePart.filename()).isEqualTo("scan \"7\".tiff");
		assertThat(filePart.headers().getContentType()).isEqualTo(MediaType.IMAGE_PNG);
		DataBuffer content = DataBufferUtils.join(filePart.content()).block(Duration.ofSeconds(10));
		byte[] received = new byte[content.readableByteCount()];
		content.read(received);
		DataBufferUtils.release(content);
		assertThat(received).isEqualTo(file);
	}

	private static void assertReleased(List<DataBuffer> pieces) {
		assertThat(pieces).allSatisfy((piece) -> assertThat(((NettyDataBuffer) piece).getNativeBuffer().refCnt())
			.as("references left to a piece of the caller's stream")
			.isZero());
	}

	private StorageElementClient client() {
		StorageProperties properties = new StorageProperties(3, DataSize.ofMegabytes(4), DataSize.ofMegabytes(64),
				Duration.ofSeconds(10), Duration.ofSeconds(30), Duration.ofSeconds(5), Duration.ofSeconds(10), 4,
				Duration.ofSeconds(5), DataSize.ofKilobytes(64),
				new StorageProperties.CircuitBreakerSettings(50, 20, 5, Duration.ofSeconds(30)), List.of());
		return new StorageElementClient(WebClient.builder(), properties);
	}

	private static byte[] random(int size) {
		byte[] bytes = new byte[size];
		new Random(size).nextBytes(bytes);
		return bytes;
	}

	private static List<DataBuffer> pieces(byte[] file, int size, DataBufferFactory factory) {
		List<DataBuffer> pieces = new ArrayList<>();
		for (int offset = 0; offset < file.length; offset += size) {
			int length = Math.min(size, file.length - offset);
			DataBuffer piece = factory.allocateBuffer(length);
			piece.write(file, offset, length);
			pieces.add(piece);
		}
		return pieces;
	}

	/**
	 * A request as the element's socket saw it.
	 *
	 * @param headers header names in lower case
	 * @param body the body, de-chunked
	 * @param chunks the size of each chunk, for a chunked body
	 */
	record CapturedRequest(Map<String, String> headers, byte[] body, List<Integer> chunks) {
	}

	/**
	 * An element on a plain server socket: it reads one request as it is framed, answers
	 * 201 and closes.
	 */
	private static final class WireElement implements AutoCloseable {

		private final ServerSocket server;

		private final CompletableFuture<CapturedRequest> request = new CompletableFuture<>();

		WireElement() {
			try {
				this.server = new ServerSocket(0, 1, InetAddress.getLoopbackAddress());
			}
			catch (IOException ex) {
				throw new UncheckedIOException(ex);
			}
			Thread thread = new Thread(this::serve, "wire-element");
			thread.setDaemon(true);
			thread.start();
		}

		String url() {
			return "http://127.0.0.1:" + this.server.getLocalPort();
		}

		CapturedRequest request() {
			return this.request.orTimeout(10, TimeUnit.SECONDS).join();
		}

		private void serve() {
			try (Socket socket = this.server.accept()) {
				CountingInput in = new CountingInput(socket.getInputStream());
				Map<String, String> headers = new LinkedHashMap<>();
				in.line();
				for (String line = in.line(); !line.isEmpty(); line = in.line()) {
					int colon = line.indexOf(':');
					headers.put(line.substring(0, colon).trim().toLowerCase(Locale.ROOT),
							line.substring(colon + 1).trim());
				}
				ByteArrayOutputStream body = new ByteArrayOutputStream();
				List<Integer> chunks = new ArrayList<>();
				if (headers.containsKey("content-length")) {
					body.write(in.exactly(Integer.parseInt(headers.get("content-length"))));
				}
				else {
					for (int size = Integer.parseInt(in.line(), 16); size > 0; size = Integer.parseInt(in.line(), 16)) {
						chunks.add(size);
						body.write(in.exactly(size));
						in.line();
					}
					in.line();
				}
				// as the real element: the file is stored under the file_id it was sent
				String json = "{\"file_id\":\"" + FILE_ID
						+ "\",\"original_filename\":\"x\",\"file_size\":1,\"checksum\":\"00\",\"message\":\"ok\"}";
				OutputStream out = socket.getOutputStream();
				out.write(("HTTP/1.1 201 Created\r\nContent-Type: application/json\r\nConnection: close\r\n"
						+ "Content-Length: " + json.length() + "\r\n\r\n" + json)
					.getBytes(StandardCharsets.US_ASCII));
				out.flush();
				this.request.complete(new CapturedRequest(headers, body.toByteArray(), chunks));
			}
			catch (IOException | RuntimeException ex) {
				this.request.completeExceptionally(ex);
			}
		}

		@Override
		public void close() {
			try {
				this.server.close();
			}
			catch (IOException ex) {
				throw new UncheckedIOException(ex);
			}
		}

	}

	/** Reads lines and byte runs off a socket. */
	private static final class CountingInput {

		private final InputStream in;

		private final byte[] buffer = new byte[1024 * 1024];

		private int position;

		private int limit;

		CountingInput(InputStream in) {
			this.in = in;
		}

		private boolean fill() throws IOException {
			this.position = 0;
			this.limit = this.in.read(this.buffer);
			return this.limit > 0;
		}

		String line() throws IOException {
			StringBuilder line = new StringBuilder();
			while (true) {
				if (this.position == this.limit && !fill()) {
					throw new IOException("The connection closed mid-line");
				}
				char c = (char) (this.buffer[this.position++] & 0xff);
				if (c == '\n') {
					return line.toString().stripTrailing();
				}
				line.append(c);
			}
		}

		byte[] exactly(int length) throws IOException {
			byte[] bytes = new byte[length];
			int read = 0;
			while (read < length) {
				if (this.position == this.limit && !fill()) {
					throw new IOException("The connection closed mid-body");
				}
				int n = Math.min(length - read, this.limit - this.position);
				System.arraycopy(this.buffer, this.position, bytes, read, n);
				this.position += n;
				read += n;
			}
			return bytes;
		}

	}

}
