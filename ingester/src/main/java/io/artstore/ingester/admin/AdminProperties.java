package io.artstore.ingester.admin;

import java.net.URI;
import java.time.Duration;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * How the ingester reaches the Admin Module and how long it trusts what it learned there.
 *
 * @param url the Admin Module's base URL
 * @param clientId the ingester's service account
 * @param clientSecret the service account's secret
 * @param timeout the longest the ingester waits for one Admin Module answer
 * @param tokenRefreshMargin how long before its expiry a cached service token is replaced
 * @param elementsCacheTtl how long the list of available storage elements is cached
 * @param cacheKeyPrefix the prefix of every Redis key the ingester writes
 * @param cacheTimeout the longest a Redis read or write may take before the ingester goes
 * on without it
 * @param elementsMaxStale how long the last list of storage elements keeps serving while
 * the Admin Module cannot give a new one
 */
@ConfigurationProperties(prefix = "ingester.admin", ignoreUnknownFields = false)
public record AdminProperties(URI url, String clientId, String clientSecret, @DefaultValue("5s") Duration timeout,
		@DefaultValue("60s") Duration tokenRefreshMargin, @DefaultValue("30s") Duration elementsCacheTtl,
		@DefaultValue("ingester:") String cacheKeyPrefix, @DefaultValue("500ms") Duration cacheTimeout,
		@DefaultValue("15m") Duration elementsMaxStale) {
}
