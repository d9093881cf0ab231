package io.artstore.ingester.http;

import java.util.concurrent.TimeUnit;

import io.netty.channel.Channel;
import io.netty.channel.ChannelDuplexHandler;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelPromise;
import io.netty.channel.socket.DuplexChannel;
import io.netty.handler.codec.http.HttpRequest;
import io.netty.handler.codec.http.HttpResponse;
import io.netty.handler.codec.http.HttpStatusClass;
import io.netty.handler.codec.http.HttpUtil;
import io.netty.handler.codec.http.LastHttpContent;
import io.netty.handler.ssl.SslHandler;
import io.netty.util.ReferenceCountUtil;

/**
 * Ends a connection whose answer went out before its request's body ended (a 408 for a
 * caller that trickles, a 401, a 413): the answer says {@code Connection: close}; once it
 * is written, the ingester half-closes ({@code FIN}), keeps reading and discarding for at
 * most {@code linger}, and closes. Left to itself, Reactor Netty reads the rest of such a
 * body for as long as the caller sends it (reactor/reactor-netty#324), so a caller that
 * trickles holds the connection past every timeout; a plain close right after the answer
 * would reset the connection under a caller still sending, which then loses the answer.
 * One per HTTP/1.1 connection, between the codec and Reactor Netty's traffic handler.
 */
final class LingeringClose extends ChannelDuplexHandler {

	private final long lingerMillis;

	private boolean requestEnded = true;

	/**
	 * Requests whose head was read, and final answers written: a pipelined request is not
	 * the one answered.
	 */
	private long requests;

	private long answers;

	private boolean closeAfterAnswer;

	private boolean lingering;

	private boolean closed;

	LingeringClose(long lingerMillis) {
		this.lingerMillis = lingerMillis;
	}

	@Override
	public void channelRead(ChannelHandlerContext ctx, Object msg) {
		if (this.lingering) {
			boolean last = msg instanceof LastHttpContent;
			ReferenceCountUtil.release(msg);
			if (last) {
				// the body ended, nothing is left unread: a clean close
				closeNow(ctx);
			}
			return;
		}
		if (msg instanceof HttpRequest) {
			this.requests++;
			this.requestEnded = msg instanceof LastHttpContent;
		}
		else if (msg instanceof LastHttpContent) {
			this.requestEnded = true;
		}
		ctx.fireChannelRead(msg);
	}

	@Override
	public void write(ChannelHandlerContext ctx, Object msg, ChannelPromise promise) {
		boolean interim = msg instanceof HttpResponse response
				&& response.status().codeClass() == HttpStatusClass.INFORMATIONAL;
		ChannelPromise written = promise;
		if (!interim && msg instanceof HttpResponse response) {
			this.answers++;
			// only the request still being read is answered early; an earlier one, with
			// another pipelined behind it, was read to its end
			if (this.answers == this.requests && !this.requestEnded) {
				this.closeAfterAnswer = true;
				HttpUtil.setKeepAlive(response, false);
			}
		}
		if (!interim && msg instanceof LastHttpContent && this.closeAfterAnswer) {
			this.closeAfterAnswer = false;
			written = promise.unvoid();
			// added before Reactor Netty's own listeners, so it runs before their close
			written.addListener((future) -> linger(ctx));
		}
		ctx.write(msg, written);
	}

	@Override
	public void close(ChannelHandlerContext ctx, ChannelPromise promise) {
		if (this.lingering) {
			// Reactor Netty closes a connection whose answer said Connection: close; it
			// closes when the linger ends
			ctx.channel().closeFuture().addListener((future) -> promise.trySuccess());
			return;
		}
		ctx.close(promise);
	}

	private void linger(ChannelHandlerContext ctx) {
		Channel channel = ctx.channel();
		if (!channel.isActive()) {
			return;
		}
		if (this.requestEnded) {
			closeNow(ctx);
			return;
		}
		this.lingering = true;
		channel.config().setAutoRead(true);
		if (channel instanceof DuplexChannel duplex && ctx.pipeline().get(SslHandler.class) == null) {
			duplex.shutdownOutput();
		}
		ctx.executor().schedule(() -> closeNow(ctx), this.lingerMillis, TimeUnit.MILLISECONDS);
	}

	private void closeNow(ChannelHandlerContext ctx) {
		if (this.closed) {
			return;
		}
		this.closed = true;
		this.lingering = false;
		ctx.close();
	}

}
