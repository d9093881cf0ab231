package io.artstore.ingester.http;

import reactor.netty.NettyPipeline;

import org.springframework.boot.reactor.netty.NettyServerCustomizer;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * Every HTTP/1.1 connection gets a {@link LingeringClose}: an answer given before the
 * request's body ended closes the connection within a second. Request bodies arrive in
 * pieces of up to {@code ingester.http.max-chunk-size} ({@link BodyPieceSize}).
 */
@Configuration(proxyBeanMethods = false)
class HttpConnectionConfiguration {

	/** How long the rest of a body is read and dropped after an early answer. */
	static final long LINGER_MILLIS = 500;

	@Bean
	NettyServerCustomizer lingeringClose() {
		return (server) -> server.doOnChannelInit((observer, channel, address) -> {
			if (channel.pipeline().get(NettyPipeline.HttpCodec) != null) {
				channel.pipeline()
					.addAfter(NettyPipeline.HttpCodec, "artstore.lingeringClose", new LingeringClose(LINGER_MILLIS));
			}
		});
	}

	@Bean
	BodyPieceSize bodyPieceSize(HttpProperties properties) {
		return new BodyPieceSize(properties);
	}

}
