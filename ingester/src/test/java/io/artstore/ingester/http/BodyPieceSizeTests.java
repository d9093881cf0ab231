package io.artstore.ingester.http;

import java.lang.reflect.Field;
import java.lang.reflect.Modifier;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;
import reactor.netty.http.HttpDecoderSpec;
import reactor.netty.http.server.HttpRequestDecoderSpec;
import reactor.netty.http.server.HttpServer;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.reactor.netty.NettyReactiveWebServerFactory;
import org.springframework.boot.reactor.netty.NettyServerCustomizer;
import org.springframework.boot.reactor.netty.autoconfigure.NettyReactiveWebServerAutoConfiguration;
import org.springframework.boot.test.context.runner.ReactiveWebApplicationContextRunner;
import org.springframework.boot.web.server.WebServer;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.io.buffer.DataBufferUtils;
import org.springframework.http.server.reactive.HttpHandler;
import org.springframework.util.unit.DataSize;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@link BodyPieceSize} sets the largest piece of a request body and keeps every other
 * decoder setting the server had, in the order Spring Boot applies its own customizers.
 */
class BodyPieceSizeTests {

	@Test
	@SuppressWarnings("deprecation") // maxChunkSize: see BodyPieceSize
	void theServerBootBuildsHasTheMaxChunkSizeAndBootsDecoderSettings() {
		new ReactiveWebApplicationContextRunner()
			.withConfiguration(AutoConfigurations.of(NettyReactiveWebServerAutoConfiguration.class))
			.withUserConfiguration(HttpConnectionConfiguration.class, HttpSettings.class)
			.withPropertyValues("server.max-http-request-header-size=16KB", "server.netty.max-initial-line-length=6KB",
					"ingester.http.max-chunk-size=32KB")
			.run((context) -> {
				HttpServer server = HttpServer.create();
				for (NettyServerCustomizer customizer : context.getBean(NettyReactiveWebServerFactory.class)
					.getServerCustomizers()) {
					server = customizer.apply(server);
				}
				HttpRequestDecoderSpec decoder = server.configuration().decoder();
				assertThat(decoder.maxChunkSize()).isEqualTo(32 * 1024);
				assertThat(decoder.maxHeaderSize()).isEqualTo(16 * 1024);
				assertThat(decoder.maxInitialLineLength()).isEqualTo(6 * 1024);
			});
	}

	@Test
	@SuppressWarnings("deprecation")
	void everyOtherDecoderSettingIsCarriedOver() {
		HttpServer configured = HttpServer.create()
			.httpRequestDecoder(
					(spec) -> nonDefaultSettings(spec).maxChunkSize(HttpDecoderSpec.DEFAULT_MAX_CHUNK_SIZE));

		HttpServer customized = new BodyPieceSize(new HttpProperties(DataSize.ofKilobytes(64))).apply(configured);

		HttpRequestDecoderSpec expected = HttpServer.create()
			.httpRequestDecoder((spec) -> nonDefaultSettings(spec).maxChunkSize(64 * 1024))
			.configuration()
			.decoder();
		// equals compares every setting of the specification
		assertThat(customized.configuration().decoder()).isEqualTo(expected);
		// a setting Reactor Netty adds later must be carried over too: this fails
		// until it is
		assertThat(Stream.of(HttpDecoderSpec.class, HttpRequestDecoderSpec.class)
			.flatMap((type) -> Stream.of(type.getDeclaredFields()))
			.filter((field) -> !Modifier.isStatic(field.getModifiers()))
			.map(Field::getName)).containsExactlyInAnyOrder("maxInitialLineLength", "maxHeaderSize", "maxChunkSize",
					"validateHeaders", "initialBufferSize", "allowDuplicateContentLengths", "h2cMaxContentLength",
					"allowPartialChunks");
	}

	@Test
	void aBodyArrivesInPiecesLargerThanEightKibAndNoLargerThanTheSetSize() throws Exception {
		NettyReactiveWebServerFactory factory = new NettyReactiveWebServerFactory(0);
		new BodyPieceSize(new HttpProperties(DataSize.ofKilobytes(16))).customize(factory);
		List<Integer> pieces = new CopyOnWriteArrayList<>();
		HttpHandler handler = (request, response) -> request.getBody().doOnNext((piece) -> {
			pieces.add(piece.readableByteCount());
			DataBufferUtils.release(piece);
		}).then(response.setComplete());
		WebServer webServer = factory.getWebServer(handler);
		webServer.start();
		int bodyBytes = 8 * 1024 * 1024;
		try {
			HttpResponse<Void> answer = HttpClient.newHttpClient()
				.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + webServer.getPort() + "/"))
					.POST(HttpRequest.BodyPublishers.ofByteArray(new byte[bodyBytes]))
					.build(), HttpResponse.BodyHandlers.discarding());

			assertThat(answer.statusCode()).isEqualTo(200);
			assertThat(pieces.stream().mapToInt(Integer::intValue).sum()).isEqualTo(bodyBytes);
			assertThat(pieces).allSatisfy((size) -> assertThat(size).isLessThanOrEqualTo(16 * 1024));
			assertThat(pieces.stream().mapToInt(Integer::intValue).max().getAsInt()).isGreaterThan(8 * 1024);
		}
		finally {
			webServer.stop();
		}
	}

	@SuppressWarnings("deprecation")
	private static HttpRequestDecoderSpec nonDefaultSettings(HttpRequestDecoderSpec spec) {
		return spec.maxInitialLineLength(5000)
			.maxHeaderSize(20000)
			.validateHeaders(false)
			.initialBufferSize(256)
			.allowDuplicateContentLengths(true)
			.h2cMaxContentLength(70000)
			.allowPartialChunks(false);
	}

	@Configuration(proxyBeanMethods = false)
	@EnableConfigurationProperties(HttpProperties.class)
	static class HttpSettings {

	}

}
