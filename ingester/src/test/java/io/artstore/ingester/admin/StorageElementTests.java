package io.artstore.ingester.admin;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Which listed elements the ingester tries: the real Admin Module (BigKAA/artStore
 * 68241ca) lists only elements it found online, each with {@code health_status:
 * healthy}, and says {@code unhealthy} only when asked for one element.
 */
class StorageElementTests {

	@ParameterizedTest(name = "{0}, {1}: {2}")
	@CsvSource({ "healthy, ok, true", "healthy, warning, true", "healthy, critical, true", "healthy, full, false",
			"unhealthy, ok, false", "online, ok, true" })
	void anElementIsTriedUnlessItIsUnhealthyOrFull(String health, String capacity, boolean tried) {
		StorageElement element = new StorageElement("se-01", "edit", 10, "http://se-01", health, capacity);

		assertThat(element.acceptsUploads()).isEqualTo(tried);
	}

}
