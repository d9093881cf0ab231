package io.artstore.ingester.upload;

import java.time.Duration;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThatIllegalStateException;
import static org.assertj.core.api.Assertions.assertThatNoException;

/**
 * A reconciler that could take a row for left behind while its upload is still in flight
 * does not start.
 */
class ReconcilerPropertiesTests {

	@Test
	void theDefaultsLeaveAnUploadTimeToFinish() {
		ReconcilerProperties defaults = properties(Duration.ofHours(2));

		assertThatNoException().isThrownBy(
				() -> defaults.checkAgainst(Duration.ofHours(1), 3, Duration.ofSeconds(60), Duration.ofSeconds(5)));
	}

	@Test
	void aStaleAfterThatAnUploadCanOutliveIsRefusedAtStartUp() {
		ReconcilerProperties tooShort = properties(Duration.ofMinutes(61));

		// 1 h of body, 3 elements each answering and looked up within 60 s, 2 x 5 s
		assertThatIllegalStateException()
			.isThrownBy(
					() -> tooShort.checkAgainst(Duration.ofHours(1), 3, Duration.ofSeconds(60), Duration.ofSeconds(5)))
			.withMessageContaining("ingester.reconciler.stale-after (PT1H1M)")
			.withMessageContaining("PT1H6M10S");
	}

	private static ReconcilerProperties properties(Duration staleAfter) {
		return new ReconcilerProperties(true, Duration.ofSeconds(30), 50, staleAfter, Duration.ofMinutes(5), 10,
				Duration.ofSeconds(30), Duration.ofHours(1));
	}

}
