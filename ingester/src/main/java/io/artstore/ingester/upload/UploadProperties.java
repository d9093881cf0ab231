package io.artstore.ingester.upload;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.util.unit.DataSize;

/**
 * Limits on what callers may upload.
 *
 * @param maxFileSize the largest file accepted; checked on {@code Content-Length} up
 * front and again on the bytes as they stream, for chunked requests
 * @param maxFormOverhead how much larger than {@code maxFileSize} a request may be for
 * its other form fields and multipart framing
 */
@ConfigurationProperties(prefix = "ingester.upload", ignoreUnknownFields = false)
public record UploadProperties(@DefaultValue("1GB") DataSize maxFileSize,
		@DefaultValue("1MB") DataSize maxFormOverhead) {
}
