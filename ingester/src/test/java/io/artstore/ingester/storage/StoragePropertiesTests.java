package io.artstore.ingester.storage;

import java.time.Duration;
import java.util.List;

import org.junit.jupiter.api.Test;

import org.springframework.util.unit.DataSize;

import static org.assertj.core.api.Assertions.assertThat;

class StoragePropertiesTests {

	private final StorageProperties properties = new StorageProperties(3, DataSize.ofMegabytes(4),
			DataSize.ofMegabytes(64), Duration.ofSeconds(60), Duration.ofSeconds(30), Duration.ofSeconds(5),
			Duration.ofSeconds(30), 16, Duration.ofSeconds(5), DataSize.ofKilobytes(64),
			new StorageProperties.CircuitBreakerSettings(50, 20, 5, Duration.ofSeconds(30)),
			List.of(new StorageProperties.UrlRewrite("http://storage-element-01:8010", "http://localhost:18010"),
					new StorageProperties.UrlRewrite("http://storage.stub", "http://127.0.0.1:9999")));

	@Test
	void rewritesTheFirstMatchingPrefixAndKeepsTheRest() {
		assertThat(this.properties.resolve("http://storage-element-01:8010")).isEqualTo("http://localhost:18010");
		assertThat(this.properties.resolve("http://storage.stub/se-edit-01"))
			.isEqualTo("http://127.0.0.1:9999/se-edit-01");
	}

	@Test
	void leavesOtherUrlsAlone() {
		assertThat(this.properties.resolve("http://storage-element-02:8010"))
			.isEqualTo("http://storage-element-02:8010");
	}

}
