package io.artstore.ingester.http;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

import org.junit.jupiter.api.Test;

import org.springframework.boot.reactor.netty.NettyReactiveWebServerFactory;
import org.springframework.boot.reactor.netty.autoconfigure.NettyReactiveWebServerFactoryCustomizer;
import org.springframework.boot.reactor.netty.autoconfigure.NettyServerProperties;
import org.springframework.boot.web.server.WebServer;
import org.springframework.boot.web.server.autoconfigure.ServerProperties;
import org.springframework.core.io.buffer.DataBufferUtils;
import org.springframework.http.server.reactive.HttpHandler;
import org.springframework.mock.env.MockEnvironment;
import org.springframework.util.unit.DataSize;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A server customized by Spring Boot and then by {@link BodyPieceSize} hands a body on in
 * pieces larger than Reactor Netty's 8 KiB and no larger than the set size, and keeps the
 * decoder settings Boot took from {@code server.*} properties.
 */
class BodyPieceSizeTests {

	private static final int BODY_BYTES = 8 * 1024 * 1024;

	@Test
	void bodiesArriveInPiecesUpToTheSetSizeWithBootsDecoderSettingsKept() throws Exception {
		ServerProperties server = new ServerProperties();
		server.setMaxHttpRequestHeaderSize(DataSize.ofKilobytes(16));
		NettyReactiveWebServerFactory factory = new NettyReactiveWebServerFactory(0);
		new NettyReactiveWebServerFactoryCustomizer(new MockEnvironment(), server, new NettyServerProperties())
			.customize(factory);
		new BodyPieceSize(new HttpProperties(DataSize.ofKilobytes(64))).customize(factory);
		List<Integer> pieces = new CopyOnWriteArrayList<>();
		HttpHandler handler = (request, response) -> request.getBody().doOnNext((piece) -> {
			pieces.add(piece.readableByteCount());
			DataBufferUtils.release(piece);
		}).then(response.setComplete());
		WebServer webServer = factory.getWebServer(handler);
		webServer.start();
		try {
			HttpRequest upload = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + webServer.getPort() + "/"))
				// more than Reactor Netty's 8 KiB of headers, less than Boot's 16 KiB set
				// above
				.header("X-Large", "a".repeat(12 * 1024))
				.POST(HttpRequest.BodyPublishers.ofByteArray(new byte[BODY_BYTES]))
				.build();
			HttpResponse<Void> answer = HttpClient.newHttpClient().send(upload, HttpResponse.BodyHandlers.discarding());

			assertThat(answer.statusCode()).as("a 12 KiB header under Boot's 16 KiB").isEqualTo(200);
			assertThat(pieces.stream().mapToInt(Integer::intValue).sum()).isEqualTo(BODY_BYTES);
			assertThat(pieces).allSatisfy((size) -> assertThat(size).isLessThanOrEqualTo(64 * 1024));
			assertThat(pieces.stream().mapToInt(Integer::intValue).max().getAsInt()).isGreaterThan(8 * 1024);
		}
		finally {
			webServer.stop();
		}
	}

}
