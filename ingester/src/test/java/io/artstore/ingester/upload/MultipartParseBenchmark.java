package io.artstore.ingester.upload;

import java.nio.charset.StandardCharsets;

import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.TearDown;
import reactor.core.publisher.Flux;

import org.springframework.core.io.buffer.DataBufferUtils;
import org.springframework.http.MediaType;

import io.artstore.ingester.support.PerByteBenchmark;
import io.artstore.ingester.support.ReadPieces;

/**
 * The multipart parse of a 256 MiB file, in the pieces the server reads: the delimiter
 * search over every byte and the slices it passes on ({@link PartEventParser}).
 */
public class MultipartParseBenchmark extends PerByteBenchmark {

	private static final String BOUNDARY = "----artstore-benchmark-7MA4YWxkTrZu0gW";

	private final PartEventParser parser = new PartEventParser(64 * 1024);

	private final MediaType contentType = MediaType.parseMediaType("multipart/form-data; boundary=" + BOUNDARY);

	private ReadPieces head;

	private ReadPieces file;

	private ReadPieces tail;

	@Setup
	public void cut() {
		this.head = ReadPieces
			.once(("--" + BOUNDARY + "\r\nContent-Disposition: form-data; name=\"file\"; filename=\"big.bin\"\r\n"
					+ "Content-Type: application/octet-stream\r\n\r\n")
				.getBytes(StandardCharsets.US_ASCII));
		this.file = file();
		this.tail = ReadPieces.once(("\r\n--" + BOUNDARY + "--\r\n").getBytes(StandardCharsets.US_ASCII));
	}

	@TearDown
	public void release() {
		this.head.close();
		this.file.close();
		this.tail.close();
	}

	/** The file's bytes, as the parser passes them on. */
	@Benchmark
	public long parse() {
		return this.parser.parse(this.contentType, Flux.concat(this.head.flux(), this.file.flux(), this.tail.flux()))
			.map((event) -> {
				long count = event.content().readableByteCount();
				DataBufferUtils.release(event.content());
				return count;
			})
			.reduce(0L, Long::sum)
			.blockOptional()
			.orElseThrow();
	}

}
