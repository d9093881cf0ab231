package io.artstore.ingester.upload;

import java.nio.charset.StandardCharsets;
import java.util.concurrent.TimeUnit;

import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

import org.springframework.core.io.buffer.DataBufferUtils;
import org.springframework.http.MediaType;

import io.artstore.ingester.support.ReadPieces;

/**
 * The multipart parse of a 256 MiB file, in the pieces the server reads: the delimiter
 * search over every byte and the slices it passes on ({@link PartEventParser}). Run by
 * {@code bash benchmarks/byte-path}; the score is milliseconds per 256 MiB.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Fork(value = 1, jvmArgsAppend = "-XX:+UseSerialGC")
@Warmup(iterations = 4, time = 2)
@Measurement(iterations = 5, time = 2)
public class MultipartParseBenchmark {

	private static final String BOUNDARY = "----artstore-benchmark-7MA4YWxkTrZu0gW";

	@Param({ "8192", "65536" })
	int pieceSize;

	/** The file's size: 256 MiB; the tests of this benchmark use less. */
	@Param("268435456")
	int bytes;

	private final PartEventParser parser = new PartEventParser(64 * 1024);

	private final MediaType contentType = MediaType.parseMediaType("multipart/form-data; boundary=" + BOUNDARY);

	private ReadPieces pieces;

	@Setup
	public void cut() {
		byte[] head = ("--" + BOUNDARY + "\r\nContent-Disposition: form-data; name=\"file\"; filename=\"big.bin\"\r\n"
				+ "Content-Type: application/octet-stream\r\n\r\n")
			.getBytes(StandardCharsets.US_ASCII);
		byte[] tail = ("\r\n--" + BOUNDARY + "--\r\n").getBytes(StandardCharsets.US_ASCII);
		byte[] file = ReadPieces.random(this.bytes, 1);
		byte[] body = new byte[head.length + file.length + tail.length];
		System.arraycopy(head, 0, body, 0, head.length);
		System.arraycopy(file, 0, body, head.length, file.length);
		System.arraycopy(tail, 0, body, head.length + file.length, tail.length);
		this.pieces = ReadPieces.of(body, this.pieceSize);
	}

	@TearDown
	public void release() {
		this.pieces.close();
	}

	/** The file's bytes, as the parser passes them on. */
	@Benchmark
	public long parse() {
		return this.parser.parse(this.contentType, this.pieces.flux()).map((event) -> {
			long count = event.content().readableByteCount();
			DataBufferUtils.release(event.content());
			return count;
		}).reduce(0L, Long::sum).blockOptional().orElseThrow();
	}

}
