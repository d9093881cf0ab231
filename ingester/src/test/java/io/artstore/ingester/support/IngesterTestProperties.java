package io.artstore.ingester.support;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The properties that run the ingester against this run's test services and the contract
 * stubs: for the integration tests, the forked large-upload ingester and the development
 * application.
 */
public final class IngesterTestProperties {

	/** The placeholder host of the storage element URLs that the Admin stub hands out. */
	public static final String STORAGE_STUB_HOST = "http://storage.stub";

	private IngesterTestProperties() {
	}

	/**
	 * Properties for an ingester that talks to the stubs on the given ports.
	 * @param adminStubPort where Stub Runner serves the Admin stub
	 * @param storageStubPort where Stub Runner serves the storage stub
	 * @return the properties by name
	 */
	public static Map<String, String> withStubs(int adminStubPort, int storageStubPort) {
		TestServices services = TestServices.get();
		TestServices.Database database = services.database();
		Map<String, String> properties = new LinkedHashMap<>();
		properties.put("LOG_FORMAT", "text");
		properties.put("spring.cloud.contract.stubrunner.ids", "io.artstore:admin-stubs:+:stubs:" + adminStubPort
				+ ",io.artstore:storage-stubs:+:stubs:" + storageStubPort);
		properties.put("spring.cloud.contract.stubrunner.stubs-mode", "CLASSPATH");
		properties.put("ingester.admin.url", "http://127.0.0.1:" + adminStubPort);
		properties.put("ingester.admin.client-id", "artstore-ingester");
		properties.put("ingester.admin.client-secret", "ingester-test-secret");
		properties.put("ingester.admin.cache-key-prefix", services.redisKeyPrefix());
		properties.put("ingester.storage.url-rewrites[0].from", STORAGE_STUB_HOST);
		properties.put("ingester.storage.url-rewrites[0].to", "http://127.0.0.1:" + storageStubPort);
		properties.put("ingester.security.jwt.public-key-location", TestTokens.trusted().publicKeyLocation());
		properties.put("spring.data.redis.host", services.redisHost());
		properties.put("spring.data.redis.port", String.valueOf(services.redisPort()));
		properties.put("ingester.database.host", database.host());
		properties.put("ingester.database.port", String.valueOf(database.port()));
		properties.put("ingester.database.name", database.name());
		properties.put("ingester.database.username", database.username());
		properties.put("ingester.database.password", database.password());
		return properties;
	}

}
