package io.artstore.ingester.support;

import java.util.concurrent.TimeUnit;

import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * What the microbenchmarks of a large upload's per-byte work share
 * ({@code bash benchmarks/byte-path}): a file of {@link #bytes} in pieces of
 * {@link #pieceSize} as the server reads them, cycling through {@value #DISTINCT_BYTES}
 * random bytes so that they are in the CPU's caches as freshly read bytes are; the JVM as
 * shipped (serial collector, 512 MiB heap); scores in milliseconds per run over the file,
 * that is per 256 MiB unless a test sets less.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Fork(value = 1, jvmArgsAppend = { "-XX:+UseSerialGC", "-Xmx512m" })
@Warmup(iterations = 4, time = 2)
@Measurement(iterations = 5, time = 2)
public abstract class PerByteBenchmark {

	/** How many distinct bytes the file's pieces cycle through. */
	public static final int DISTINCT_BYTES = 1024 * 1024;

	/** 8 KiB as Gatling's writes arrive; 64 KiB as most of curl's do. */
	@Param({ "8192", "65536" })
	public int pieceSize;

	/** The file's size: 256 MiB; the tests of the benchmarks use less. */
	@Param("268435456")
	public long bytes;

	/**
	 * The file's pieces; the caller closes them.
	 * @return the pieces
	 */
	protected ReadPieces file() {
		return ReadPieces.cycling(ReadPieces.random(DISTINCT_BYTES, 1), this.pieceSize, this.bytes);
	}

}
