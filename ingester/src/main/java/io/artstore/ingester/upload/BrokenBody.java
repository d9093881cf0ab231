package io.artstore.ingester.upload;

import reactor.core.publisher.SynchronousSink;

import org.springframework.core.io.buffer.DataBuffer;
import org.springframework.core.io.buffer.DefaultDataBufferFactory;
import org.springframework.http.HttpHeaders;
import org.springframework.http.codec.multipart.PartEvent;

/**
 * A body that failed (malformed, or the caller went away), passed on as a last event
 * rather than as an error: the parser's mapper must not throw (concatMapIterable would
 * discard a buffer the parser has already released), and the multipart layer hands the
 * failure to the content or the trailer it belongs to instead of failing the whole read.
 *
 * @param cause why the body failed
 */
record BrokenBody(Throwable cause) implements PartEvent {

	/** Passes content on and turns a broken body into the content's error. */
	static void unwrap(PartEvent event, SynchronousSink<DataBuffer> sink) {
		if (event instanceof BrokenBody broken) {
			sink.error(broken.cause());
		}
		else {
			sink.next(event.content());
		}
	}

	@Override
	public HttpHeaders headers() {
		return HttpHeaders.EMPTY;
	}

	@Override
	public DataBuffer content() {
		return DefaultDataBufferFactory.sharedInstance.allocateBuffer(0);
	}

	@Override
	public boolean isLast() {
		return true;
	}

}
