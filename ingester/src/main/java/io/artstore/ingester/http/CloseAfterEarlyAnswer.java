package io.artstore.ingester.http;

import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;

import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.core.io.buffer.DataBuffer;
import org.springframework.http.HttpHeaders;
import org.springframework.http.server.reactive.ServerHttpRequest;
import org.springframework.http.server.reactive.ServerHttpRequestDecorator;
import org.springframework.stereotype.Component;
import org.springframework.web.server.ServerWebExchange;
import org.springframework.web.server.WebFilter;
import org.springframework.web.server.WebFilterChain;

/**
 * An answer given before the request's body ended (a 408 for a caller that trickles, a
 * 401, a 413, any refusal) closes the connection ({@code Connection: close}) instead of
 * keeping it: to keep it, the server would read the rest of the body first, and a caller
 * that keeps trickling would hold the connection for as long as it likes, past every
 * timeout. A request whose body was read to its end keeps its connection.
 */
@Component
@Order(Ordered.HIGHEST_PRECEDENCE)
class CloseAfterEarlyAnswer implements WebFilter {

	@Override
	public Mono<Void> filter(ServerWebExchange exchange, WebFilterChain chain) {
		HttpHeaders headers = exchange.getRequest().getHeaders();
		boolean hasBody = headers.getContentLength() > 0 || headers.containsHeader(HttpHeaders.TRANSFER_ENCODING);
		if (!hasBody) {
			return chain.filter(exchange);
		}
		// With a Content-Length, the body ended when that many bytes came: its Flux may
		// also complete when a reader stops early
		long length = headers.getContentLength();
		AtomicLong received = new AtomicLong();
		AtomicBoolean ended = new AtomicBoolean();
		ServerHttpRequest request = new ServerHttpRequestDecorator(exchange.getRequest()) {

			@Override
			public Flux<DataBuffer> getBody() {
				return super.getBody().doOnNext((buffer) -> {
					if (received.addAndGet(buffer.readableByteCount()) >= length && length >= 0) {
						ended.set(true);
					}
				}).doOnComplete(() -> {
					if (length < 0) {
						ended.set(true);
					}
				});
			}

		};
		exchange.getResponse().beforeCommit(() -> {
			if (!ended.get()) {
				exchange.getResponse().getHeaders().setConnection("close");
			}
			return Mono.empty();
		});
		return chain.filter(exchange.mutate().request(request).build());
	}

}
