package io.artstore.ingester.upload;

import java.time.Duration;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.util.unit.DataSize;

/**
 * Limits on what callers may upload, and how slowly.
 *
 * @param maxFileSize the largest file accepted; checked on {@code Content-Length} up
 * front and again on the bytes as they stream, for chunked requests
 * @param maxFormOverhead how much larger than {@code maxFileSize} a request may be for
 * its other form fields and multipart framing
 * @param maxConcurrentUploads how many uploads the ingester runs at once; past it a new
 * one is answered 503 with {@code Retry-After}, before its body is read
 * @param busyRetryAfter the {@code Retry-After} of that answer
 * @param minRate the slowest average a caller may send at, per second, once
 * {@code minRateGracePeriod} has passed
 * @param minRateGracePeriod how long an upload may start slowly
 * @param idleTimeout the longest the body may pause between two chunks
 * @param maxDuration the longest a caller may take to send an upload's body
 * @param idempotencyKeyTtl how long an {@code Idempotency-Key} of a registered upload
 * answers for it; after that the key may name a new upload
 */
@ConfigurationProperties(prefix = "ingester.upload", ignoreUnknownFields = false)
public record UploadProperties(@DefaultValue("1GB") DataSize maxFileSize, @DefaultValue("1MB") DataSize maxFormOverhead,
		@DefaultValue("256") int maxConcurrentUploads, @DefaultValue("5s") Duration busyRetryAfter,
		@DefaultValue("16KB") DataSize minRate, @DefaultValue("10s") Duration minRateGracePeriod,
		@DefaultValue("30s") Duration idleTimeout, @DefaultValue("1h") Duration maxDuration,
		@DefaultValue("24h") Duration idempotencyKeyTtl) {
}
