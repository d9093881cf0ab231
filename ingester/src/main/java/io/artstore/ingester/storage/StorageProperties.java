package io.artstore.ingester.storage;

import java.time.Duration;
import java.util.List;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.util.unit.DataSize;

/**
 * How the ingester talks to storage elements.
 *
 * @param maxAttempts how many elements one upload may try before giving up
 * @param replayBuffer how much of an upload is kept in memory so that it can be sent
 * again to the next element after a 507 or a failure; past this, a failed attempt cannot
 * be retried
 * @param replayBudget how much memory all uploads in flight together may hold for replay;
 * an upload that finds it used up cannot be retried on another element
 * @param responseTimeout the longest the ingester waits for an element's answer once the
 * file is sent
 * @param retryAfter the {@code Retry-After} the ingester answers with when no element can
 * take a file
 * @param connectTimeout the longest connecting to an element may take
 * @param writeTimeout the longest one write to an element may stall (an element that
 * stops reading); the attempt then fails
 * @param maxConnectionsPerElement how many connections the ingester keeps to one element;
 * at least {@code ingester.upload.max-concurrent-uploads}, so that slow uploads to an
 * element never make others wait for a connection
 * @param connectionAcquireTimeout the longest an upload waits for a connection to an
 * element before that attempt fails and the next element is tried
 * @param frameSize the least an element is sent in one write (one HTTP chunk): the
 * caller's stream, which arrives in pieces of up to {@code ingester.http.max-chunk-size}
 * (often a few KiB), is gathered up to it, and a file that fits in one frame goes in one
 * write with a {@code Content-Length}
 * @param circuitBreaker when an element counts as down and is skipped without a request
 * @param urlRewrites base URL prefixes to replace in the {@code api_url} the Admin Module
 * gives, for an ingester that reaches the elements by other addresses than the Admin
 * Module knows (a host outside the elements' network, or stubs in development and tests)
 */
@ConfigurationProperties(prefix = "ingester.storage", ignoreUnknownFields = false)
public record StorageProperties(@DefaultValue("3") int maxAttempts, @DefaultValue("4MB") DataSize replayBuffer,
		@DefaultValue("64MB") DataSize replayBudget, @DefaultValue("60s") Duration responseTimeout,
		@DefaultValue("30s") Duration retryAfter, @DefaultValue("5s") Duration connectTimeout,
		@DefaultValue("30s") Duration writeTimeout, @DefaultValue("256") int maxConnectionsPerElement,
		@DefaultValue("5s") Duration connectionAcquireTimeout, @DefaultValue("64KB") DataSize frameSize,
		@DefaultValue CircuitBreakerSettings circuitBreaker, @DefaultValue List<UrlRewrite> urlRewrites) {

	/**
	 * One circuit breaker per element (Resilience4j), counting only the element's faults
	 * (no connection, a broken connection, a timeout, a 5xx): a 507 or another refusal is
	 * a healthy element's answer.
	 *
	 * @param failureRateThreshold the percentage of faulty attempts that opens the
	 * breaker
	 * @param slidingWindowSize how many recent attempts the rate is taken over
	 * @param minimumNumberOfCalls how many attempts there must be before the rate counts
	 * @param waitInOpenState how long an open breaker skips the element before one trial
	 * attempt is let through
	 */
	public record CircuitBreakerSettings(@DefaultValue("50") float failureRateThreshold,
			@DefaultValue("20") int slidingWindowSize, @DefaultValue("5") int minimumNumberOfCalls,
			@DefaultValue("30s") Duration waitInOpenState) {
	}

	/**
	 * One rewrite of a base URL prefix.
	 *
	 * @param from the prefix as the Admin Module gives it, for example
	 * {@code http://storage-element-01:8010}
	 * @param to the prefix the ingester uses instead
	 */
	public record UrlRewrite(String from, String to) {
	}

	/** The URL the ingester uses for an element's {@code api_url}. */
	String resolve(String apiUrl) {
		for (UrlRewrite rewrite : this.urlRewrites) {
			if (apiUrl.startsWith(rewrite.from())) {
				return rewrite.to() + apiUrl.substring(rewrite.from().length());
			}
		}
		return apiUrl;
	}

}
