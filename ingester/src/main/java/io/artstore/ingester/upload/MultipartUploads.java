package io.artstore.ingester.upload;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

import org.reactivestreams.Publisher;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.core.publisher.Signal;
import reactor.core.publisher.Sinks;

import org.springframework.core.io.buffer.DataBuffer;
import org.springframework.http.codec.multipart.FilePartEvent;
import org.springframework.http.codec.multipart.FormPartEvent;
import org.springframework.http.codec.multipart.PartEvent;

import io.artstore.ingester.problem.ProblemException;
import io.artstore.ingester.problem.ProblemType;

/**
 * Turns a multipart body's events into an {@link UploadBody} for a handler. The handler
 * gets the body when the part named {@code file} starts, with the form fields that came
 * before it; the rest of the body is read, while the handler works, into the body's
 * trailer: the form fields after the file, each name at most once in the whole form.
 *
 * <p>
 * A body that breaks is passed on in band, as a last event that fails the file's content
 * or the trailer, never as an error of the whole read: an error would reach the read and
 * the content at once and race the handler, which could then leave a row, a copy or a
 * buffer behind.
 */
final class MultipartUploads {

	private MultipartUploads() {
	}

	/**
	 * Reads a body and hands it to a handler.
	 * @param parts the body's events
	 * @param handler what is done with the body; it waits for the trailer before it
	 * succeeds
	 * @param <T> what the handler gives
	 * @return what the handler gave; empty when the body has no file part; the body's
	 * failure when it broke before its file part
	 */
	static <T> Mono<T> read(Flux<PartEvent> parts, Function<UploadBody, Mono<T>> handler) {
		return Mono.defer(() -> {
			Reading reading = new Reading();
			// One event in flight per part: a window cancelled while it drains loses the
			// event it has just polled (reactor-core FluxWindowPredicate.checkTerminated
			// discards the queue, not that event); with no backlog there is nothing to
			// lose.
			Mono<T> body = parts.onErrorResume((ex) -> Mono.just(new BrokenBody(ex)))
				.windowUntil(PartEvent::isLast, false, 1)
				.concatMap((part) -> part.switchOnFirst(reading::part))
				.then(Mono.fromRunnable(reading::ended))
				.then(Mono.empty());
			// The one level of discard hooks for the read and the handler, parser
			// included; among what they release is the first event that switchOnFirst
			// holds for a part refused before its content was read. The handler comes
			// first: merge cancels its sources in order, and the handler's switchOnFirst
			// must be cancelled (and release the buffer it holds) before the read ends
			// the content it has not taken yet.
			Mono<T> handled = reading.body.asMono().flatMap(handler);
			return PartEventParser.releasingDiscarded(Flux.merge(handled, body)).next();
		});
	}

	/** One body being read. */
	private static final class Reading {

		final Sinks.One<UploadBody> body = Sinks.one();

		final Sinks.One<Map<String, String>> trailer = Sinks.one();

		final Map<String, String> fields = new LinkedHashMap<>();

		final Map<String, String> lateFields = new LinkedHashMap<>();

		final List<String> problems = new ArrayList<>();

		boolean fileSeen;

		Publisher<Void> part(Signal<? extends PartEvent> first, Flux<PartEvent> events) {
			PartEvent event = first.get();
			if (event instanceof BrokenBody broken) {
				if (!this.fileSeen) {
					return Mono.error(broken.cause());
				}
				this.trailer.tryEmitError(broken.cause());
				return Mono.empty();
			}
			if (event instanceof FilePartEvent file && "file".equals(file.name()) && !this.fileSeen) {
				this.fileSeen = true;
				Sinks.Empty<Void> consumed = Sinks.empty();
				Flux<DataBuffer> content = events.<DataBuffer>handle(BrokenBody::unwrap)
					.doFinally((signal) -> consumed.tryEmitEmpty());
				this.body.tryEmitValue(new UploadBody(Map.copyOf(this.fields), file, content, this.trailer.asMono()));
				return consumed.asMono();
			}
			note(event);
			// then() discards each event, and the discard hook releases it once
			return events.then();
		}

		void ended() {
			this.body.tryEmitEmpty();
			if (this.problems.isEmpty()) {
				this.trailer.tryEmitValue(Map.copyOf(this.lateFields));
			}
			else {
				this.trailer
					.tryEmitError(new ProblemException(ProblemType.MALFORMED_FORM, String.join("; ", this.problems)));
			}
		}

		private void note(PartEvent event) {
			if (event instanceof FilePartEvent) {
				this.problems.add("only one file part named 'file' is allowed");
			}
			else if (event instanceof FormPartEvent form) {
				if (this.fields.containsKey(form.name()) || this.lateFields.containsKey(form.name())) {
					this.problems.add("form field '" + form.name() + "' is given twice");
				}
				(this.fileSeen ? this.lateFields : this.fields).put(form.name(), form.value());
			}
		}

	}

}
