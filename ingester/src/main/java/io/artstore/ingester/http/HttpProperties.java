package io.artstore.ingester.http;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.util.unit.DataSize;

/**
 * How the ingester's HTTP server hands request bodies to the upload.
 *
 * @param maxChunkSize the most of a request body one piece carries from the server to the
 * upload: a socket read of up to 64 KiB is cut into pieces of at most this size, and
 * every piece passes the upload's whole chain of operators (pacing, parsing, hashing,
 * replay, frames); Reactor Netty's default of 8 KiB makes a 256 MiB upload 32,768 pieces
 * (docs/performance-notes.md)
 */
@ConfigurationProperties(prefix = "ingester.http", ignoreUnknownFields = false)
public record HttpProperties(@DefaultValue("64KB") DataSize maxChunkSize) {

	public HttpProperties {
		if (maxChunkSize.toBytes() < 1 || maxChunkSize.toBytes() > Integer.MAX_VALUE) {
			throw new IllegalArgumentException(
					"ingester.http.max-chunk-size must be at least 1B and below 2GB, not " + maxChunkSize);
		}
	}

}
