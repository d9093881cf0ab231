package io.artstore.ingester.upload;

import java.util.Map;

import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

import org.springframework.core.io.buffer.DataBuffer;
import org.springframework.http.codec.multipart.FilePartEvent;

/**
 * An upload's multipart body as the upload flow sees it: the form fields that came before
 * the file, the file part's headers, its content as it arrives, and the rest of the body
 * with the form fields after the file. A body that breaks fails {@link #content()} (while
 * the file arrives) or {@link #trailer()} (after it): no error reaches the flow any other
 * way.
 *
 * @param fields the form fields before the file part
 * @param file the file part's first event: its name, file name and headers
 * @param content the file's bytes; subscribe once
 * @param trailer the form fields after the file part, once the body has ended as it
 * should; fails with a 4xx problem when it broke, held more parts than the form allows or
 * gave a field twice
 */
record UploadBody(Map<String, String> fields, FilePartEvent file, Flux<DataBuffer> content,
		Mono<Map<String, String>> trailer) {
}
