package io.artstore.contract.verifier;

import java.net.URI;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Supplier;

import io.restassured.RestAssured;

/**
 * The producer that the generated contract tests talk to.
 *
 * <p>
 * With the system property named by {@code urlProperty} set (for example
 * {@code -Dproducer.url=http://host:8010}), the tests go to that live service. Otherwise
 * the reference producer is started once per JVM by the given starter and reused by every
 * test class.
 */
public final class ProducerUnderTest {

	/**
	 * The token that contracts use as the producer-side value of their Authorization
	 * header.
	 */
	public static final String PLACEHOLDER_TOKEN = "contract-verifier-token";

	private static final Map<String, URI> STARTED = new ConcurrentHashMap<>();

	/** What {@link #current()} answers for a reference producer started by the build. */
	public static final String REFERENCE = "reference";

	private static volatile String current = REFERENCE;

	private ProducerUnderTest() {
	}

	/**
	 * Whether the tests target a live service rather than a reference producer.
	 * @param urlProperty the system property that holds the live service's base URL
	 * @return {@code true} when the property is set and not blank
	 */
	public static boolean isLive(String urlProperty) {
		return !System.getProperty(urlProperty, "").isBlank();
	}

	/**
	 * The producer the tests talk to since the last {@link #resolve}: {@code reference}
	 * or the live service's base URL.
	 * @return the producer
	 */
	public static String current() {
		return current;
	}

	/**
	 * In a live verification (with {@code -Dproducer.url}), the contracts of a producer
	 * in a particular state (out of space, draining, failing) can only be verified
	 * against a live producer in that state, never against the reference one: without its
	 * URL the verification fails and says which property to give.
	 * @param urlProperty the system property that names the live producer in that state
	 * @param what that producer, for the message
	 * @throws IllegalStateException in a live verification without that property
	 */
	public static void requireLiveProducerInState(String urlProperty, String what) {
		if (isLive("producer.url") && !isLive(urlProperty)) {
			throw new IllegalStateException("Verifying a live producer needs -D" + urlProperty
					+ " too: the base URL of " + what + ", for the contracts of that state");
		}
	}

	/**
	 * The base URL of the producer under test.
	 * @param urlProperty the system property that may name a live service
	 * @param referenceName a key under which the started reference producer is remembered
	 * @param referenceStarter starts the reference producer and answers its base URL
	 * @return the base URL that the tests should use
	 */
	public static URI resolve(String urlProperty, String referenceName, Supplier<URI> referenceStarter) {
		String live = System.getProperty(urlProperty, "").trim();
		if (!live.isEmpty()) {
			current = live;
			return URI.create(live);
		}
		current = REFERENCE;
		return STARTED.computeIfAbsent(referenceName, (name) -> referenceStarter.get());
	}

	/**
	 * Points RestAssured, which the generated tests use statically, at the given
	 * producer.
	 * @param baseUrl the producer's base URL, possibly with a base path
	 * @param substitutions placeholder values that contracts use on the producer side, to
	 * be replaced with values that are valid for this producer
	 */
	public static void pointRestAssuredAt(URI baseUrl, PlaceholderSubstitutions substitutions) {
		RestAssured.reset();
		RestAssured.baseURI = baseUrl.getScheme() + "://" + baseUrl.getHost();
		RestAssured.port = (baseUrl.getPort() != -1) ? baseUrl.getPort()
				: ("https".equals(baseUrl.getScheme()) ? 443 : 80);
		String path = baseUrl.getRawPath();
		RestAssured.basePath = (path == null || path.equals("/")) ? "" : path;
		RestAssured.filters(substitutions);
	}

}
