package io.artstore.loadtests;

import java.nio.file.Path;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;
import static org.assertj.core.api.Assertions.assertThatNoException;

/**
 * A before-and-after comparison alternates which ingester goes first from round to round:
 * with an odd number of rounds one of them would go first more often.
 */
class ComparisonTests {

	private final IngesterLaunch before = IngesterLaunch.before(Path.of("ingester-before.jar"));

	@Test
	void roundsComeInPairs() {
		assertThatNoException().isThrownBy(() -> new UploadBenchmark.Comparison(this.before, 6, 4, 5000));
		assertThatIllegalArgumentException().isThrownBy(() -> new UploadBenchmark.Comparison(this.before, 5, 4, 5000));
		assertThatIllegalArgumentException().isThrownBy(() -> new UploadBenchmark.Comparison(this.before, 6, 3, 5000));
		assertThatIllegalArgumentException().isThrownBy(() -> new UploadBenchmark.Comparison(this.before, 0, 4, 5000));
	}

}
