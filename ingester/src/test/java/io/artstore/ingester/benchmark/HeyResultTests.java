package io.artstore.ingester.benchmark;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalStateException;

/**
 * Reading {@code hey}'s summary: latency, rate, and answers other than 201, which a
 * latency run counts and a throughput run does not accept.
 */
class HeyResultTests {

	private static final String ONE_FAILED = """

			Summary:
			  Total:	5.4954 secs
			  Slowest:	4.7292 secs
			  Fastest:	0.7583 secs
			  Average:	2.4942 secs
			  Requests/sec:	18.1972

			Latency distribution:
			  10% in 1.1937 secs
			  50% in 2.2412 secs
			  99% in 4.7292 secs

			Status code distribution:
			  [201]	99 responses
			  [502]	1 responses
			""";

	@Test
	void latencyRunCountsAnswersOtherThan201() {
		Hey.Result result = Hey.Result.parse(ONE_FAILED, 100, false);

		assertThat(result.failed()).isEqualTo(1);
		assertThat(result.requestsPerSecond()).isEqualTo(18.1972);
		assertThat(result.p50Seconds()).isEqualTo(2.2412);
		assertThat(result.p99Seconds()).isEqualTo(4.7292);
		assertThat(result.averageSeconds()).isEqualTo(2.4942);
	}

	@Test
	void runThatNeedsEveryUploadStoredFailsOnAnyOtherAnswer() {
		assertThatIllegalStateException().isThrownBy(() -> Hey.Result.parse(ONE_FAILED, 100, true))
			.withMessageContaining("Expected 100 uploads answered 201, got 99 [502]");
	}

	@Test
	void runWithNoAnswerAtAllFailsEvenWhenFailuresAreCounted() {
		String refused = ONE_FAILED.substring(0, ONE_FAILED.indexOf("Status code distribution:"))
				+ "Error distribution:\n  [100]\tdial tcp 127.0.0.1:1: connect: connection refused\n";

		assertThatIllegalStateException().isThrownBy(() -> Hey.Result.parse(refused, 100, false));
	}

}
