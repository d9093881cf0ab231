package io.artstore.ingester.http;

import java.util.concurrent.TimeUnit;

import io.netty.buffer.Unpooled;
import io.netty.channel.embedded.EmbeddedChannel;
import io.netty.handler.codec.http.DefaultFullHttpResponse;
import io.netty.handler.codec.http.DefaultHttpContent;
import io.netty.handler.codec.http.DefaultHttpRequest;
import io.netty.handler.codec.http.DefaultLastHttpContent;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpVersion;
import io.netty.handler.codec.http.LastHttpContent;
import io.netty.util.ReferenceCountUtil;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The connection of a request answered before its body ended is closed after the answer
 * and a short linger; one whose body was read to its end, or an earlier request with
 * another pipelined behind it, keeps its connection.
 */
class LingeringCloseTests {

	@Test
	void anAnswerBeforeTheBodyEndedClosesTheConnectionAfterTheLinger() {
		EmbeddedChannel channel = new EmbeddedChannel(new LingeringClose(500));
		channel.writeInbound(upload());
		channel.writeInbound(new DefaultHttpContent(Unpooled.wrappedBuffer(new byte[16])));

		FullHttpResponse answer = answer(HttpResponseStatus.REQUEST_TIMEOUT);
		channel.writeOutbound(answer);

		assertThat(answer.headers().get(HttpHeaderNames.CONNECTION)).isEqualToIgnoringCase("close");
		// what the caller still sends is dropped, not passed on
		channel.writeInbound(new DefaultHttpContent(Unpooled.wrappedBuffer(new byte[16])));
		Object request = channel.readInbound();
		Object content = channel.readInbound();
		assertThat(request).isInstanceOf(DefaultHttpRequest.class);
		ReferenceCountUtil.release(content);
		assertThat((Object) channel.readInbound()).as("content after the answer").isNull();
		assertThat(channel.isOpen()).isTrue();
		channel.advanceTimeBy(600, TimeUnit.MILLISECONDS);
		channel.runScheduledPendingTasks();
		assertThat(channel.isOpen()).isFalse();
		releaseOutbound(channel);
	}

	@Test
	void aCallerThatEndsItsBodyDuringTheLingerIsClosedAtOnce() {
		EmbeddedChannel channel = new EmbeddedChannel(new LingeringClose(500));
		channel.writeInbound(upload());
		channel.writeOutbound(answer(HttpResponseStatus.UNAUTHORIZED));

		channel.writeInbound(new DefaultLastHttpContent(Unpooled.wrappedBuffer(new byte[4])));

		assertThat(channel.isOpen()).isFalse();
		releaseInbound(channel);
		releaseOutbound(channel);
	}

	@Test
	void anAnswerAfterTheBodyEndedKeepsTheConnection() {
		EmbeddedChannel channel = new EmbeddedChannel(new LingeringClose(500));
		channel.writeInbound(upload());
		channel.writeInbound(new DefaultLastHttpContent(Unpooled.wrappedBuffer(new byte[4])));

		FullHttpResponse answer = answer(HttpResponseStatus.CREATED);
		channel.writeOutbound(answer);
		channel.advanceTimeBy(600, TimeUnit.MILLISECONDS);
		channel.runScheduledPendingTasks();

		assertThat(answer.headers().contains(HttpHeaderNames.CONNECTION)).isFalse();
		assertThat(channel.isOpen()).isTrue();
		releaseInbound(channel);
		releaseOutbound(channel);
		channel.finishAndReleaseAll();
	}

	@Test
	void anEarlierRequestWithAnotherPipelinedBehindItKeepsTheConnection() {
		EmbeddedChannel channel = new EmbeddedChannel(new LingeringClose(500));
		channel.writeInbound(upload());
		channel.writeInbound(LastHttpContent.EMPTY_LAST_CONTENT);
		channel.writeInbound(upload());

		FullHttpResponse first = answer(HttpResponseStatus.CREATED);
		channel.writeOutbound(first);
		channel.advanceTimeBy(600, TimeUnit.MILLISECONDS);
		channel.runScheduledPendingTasks();

		assertThat(first.headers().contains(HttpHeaderNames.CONNECTION)).isFalse();
		assertThat(channel.isOpen()).isTrue();
		releaseInbound(channel);
		releaseOutbound(channel);
		channel.finishAndReleaseAll();
	}

	private static DefaultHttpRequest upload() {
		DefaultHttpRequest request = new DefaultHttpRequest(HttpVersion.HTTP_1_1, HttpMethod.POST,
				"/api/v1/files/upload");
		request.headers().set(HttpHeaderNames.CONTENT_LENGTH, 100_000);
		return request;
	}

	private static FullHttpResponse answer(HttpResponseStatus status) {
		return new DefaultFullHttpResponse(HttpVersion.HTTP_1_1, status, Unpooled.EMPTY_BUFFER);
	}

	private static void releaseInbound(EmbeddedChannel channel) {
		Object message;
		while ((message = channel.readInbound()) != null) {
			ReferenceCountUtil.release(message);
		}
	}

	private static void releaseOutbound(EmbeddedChannel channel) {
		Object message;
		while ((message = channel.readOutbound()) != null) {
			ReferenceCountUtil.release(message);
		}
	}

}
