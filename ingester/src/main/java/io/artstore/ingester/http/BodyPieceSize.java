package io.artstore.ingester.http;

import reactor.netty.http.server.HttpRequestDecoderSpec;
import reactor.netty.http.server.HttpServer;

import org.springframework.boot.reactor.netty.NettyReactiveWebServerFactory;
import org.springframework.boot.web.server.WebServerFactoryCustomizer;
import org.springframework.core.Ordered;

/**
 * Lets the HTTP server hand request bodies on in pieces of up to
 * {@code ingester.http.max-chunk-size} instead of Reactor Netty's 8 KiB.
 * <p>
 * Reactor Netty's {@code httpRequestDecoder} starts every call from a fresh
 * specification, and Spring Boot's own customizer sets the decoder from {@code server.*}
 * properties. So this one runs after Boot's (lowest precedence, added last) and carries
 * every setting the server already has over ({@code BodyPieceSizeTests} checks both on
 * the server Boot's auto-configuration builds).
 */
class BodyPieceSize implements WebServerFactoryCustomizer<NettyReactiveWebServerFactory>, Ordered {

	private final int maxChunkSize;

	BodyPieceSize(HttpProperties properties) {
		this.maxChunkSize = (int) properties.maxChunkSize().toBytes();
	}

	@Override
	public void customize(NettyReactiveWebServerFactory factory) {
		factory.addServerCustomizers(this::apply);
	}

	/** Reactor Netty 2 drops {@code maxChunkSize} with Netty 5; 1.3 keeps it. */
	@SuppressWarnings("deprecation")
	HttpServer apply(HttpServer server) {
		HttpRequestDecoderSpec current = server.configuration().decoder();
		return server.httpRequestDecoder((decoder) -> decoder.maxInitialLineLength(current.maxInitialLineLength())
			.maxHeaderSize(current.maxHeaderSize())
			.validateHeaders(current.validateHeaders())
			.initialBufferSize(current.initialBufferSize())
			.allowDuplicateContentLengths(current.allowDuplicateContentLengths())
			.h2cMaxContentLength(current.h2cMaxContentLength())
			.allowPartialChunks(current.allowPartialChunks())
			.maxChunkSize(this.maxChunkSize));
	}

	@Override
	public int getOrder() {
		return Ordered.LOWEST_PRECEDENCE;
	}

}
