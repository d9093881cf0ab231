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
import reactor.core.publisher.Flux;

import org.springframework.core.io.buffer.DataBufferUtils;
import org.springframework.http.MediaType;

import io.artstore.ingester.support.ReadPieces;

/**
 * The multipart parse of a 256 MiB file, in the pieces the server reads: the delimiter
 * search over every byte and the slices it passes on ({@link PartEventParser}). The
 * file's pieces cycle through 1 MiB of random bytes, so that they are in the CPU's caches
 * as freshly read bytes are. Run by {@code bash benchmarks/byte-path}; the score is
 * milliseconds per 256 MiB.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Fork(value = 1, jvmArgsAppend = { "-XX:+UseSerialGC", "-Xmx512m" })
@Warmup(iterations = 4, time = 2)
@Measurement(iterations = 5, time = 2)
public class MultipartParseBenchmark {

	private static final String BOUNDARY = "----artstore-benchmark-7MA4YWxkTrZu0gW";

	/** 8 KiB as Gatling's writes arrive; 64 KiB as most of curl's do. */
	@Param({ "8192", "65536" })
	int pieceSize;

	/** The file's size: 256 MiB; the tests of this benchmark use less. */
	@Param("268435456")
	long bytes;

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
		this.file = ReadPieces.cycling(ReadPieces.random(1024 * 1024, 1), this.pieceSize, this.bytes);
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
