package io.artstore.ingester.support;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.TreeMap;

/**
 * The properties that run the ingester against the contract stubs (the integration tests
 * and the forked large-upload ingester) or another Admin Module (the development
 * application, against the reference producers). The test services reach a Spring context
 * of this JVM as connection details ({@link TestServiceConnections}) and a forked
 * ingester as properties ({@link #forkedWithStubs}).
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
		Map<String, String> properties = withAdminModule("http://127.0.0.1:" + adminStubPort, "ingester-test-secret");
		properties.put("spring.cloud.contract.stubrunner.ids", "io.artstore:admin-stubs:+:stubs:" + adminStubPort
				+ ",io.artstore:storage-stubs:+:stubs:" + storageStubPort);
		properties.put("spring.cloud.contract.stubrunner.stubs-mode", "CLASSPATH");
		// Records which contract each stub request matched (StubCoverageIT checks it).
		properties.put("spring.cloud.contract.stubrunner.http-server-stub-configurer",
				"io.artstore.stubs.coverage.StubUsageConfigurer");
		properties.put("ingester.storage.url-rewrites[0].from", STORAGE_STUB_HOST);
		properties.put("ingester.storage.url-rewrites[0].to", "http://127.0.0.1:" + storageStubPort);
		// Tests reconcile when they mean to: a scheduled pass of one context would
		// settle the rows of another's tests against its own stubs.
		properties.put("ingester.reconciler.enabled", "false");
		return properties;
	}

	/**
	 * Properties for an ingester that talks to an Admin Module at the given URL as the
	 * service account {@code artstore-ingester}, trusts the test tokens and uses this
	 * run's test services.
	 * @param adminUrl the Admin Module's base URL
	 * @param clientSecret the account's secret
	 * @return the properties by name
	 */
	public static Map<String, String> withAdminModule(String adminUrl, String clientSecret) {
		Map<String, String> properties = new LinkedHashMap<>();
		properties.put("LOG_FORMAT", "text");
		properties.put("ingester.admin.url", adminUrl);
		properties.put("ingester.admin.client-id", "artstore-ingester");
		properties.put("ingester.admin.client-secret", clientSecret);
		properties.put("ingester.admin.cache-key-prefix", TestServices.get().redisKeyPrefix());
		properties.put("ingester.security.jwt.public-key-location", TestTokens.trusted().publicKeyLocation());
		return properties;
	}

	/**
	 * Properties for ingesters in other JVMs that talk to a reference Admin Module (its
	 * secret for the ingester is {@code ingester-dev-secret}) and keep their ledger in a
	 * database of their own, with an element list of their own in Redis (another test's,
	 * cached there, names other elements).
	 * @param adminUrl the Admin Module's base URL
	 * @param database the ledger's database
	 * @return the properties by name, to add to
	 */
	public static Map<String, String> forkedWithAdminModule(String adminUrl, TestServices.Database database) {
		Map<String, String> properties = new TreeMap<>(withAdminModule(adminUrl, "ingester-dev-secret"));
		properties.putAll(TestServices.get().connectionProperties());
		properties.put("ingester.database.name", database.name());
		properties.put("ingester.admin.cache-key-prefix", TestServices.get().redisKeyPrefix() + database.name() + ":");
		return properties;
	}

	/**
	 * Properties for an ingester in another JVM that talks to the stubs on the given
	 * ports and to this run's test services.
	 * @param adminStubPort where Stub Runner serves the Admin stub
	 * @param storageStubPort where Stub Runner serves the storage stub
	 * @return the properties by name
	 */
	public static Map<String, String> forkedWithStubs(int adminStubPort, int storageStubPort) {
		Map<String, String> properties = withStubs(adminStubPort, storageStubPort);
		properties.putAll(TestServices.get().connectionProperties());
		return properties;
	}

}
