package io.artstore.ingester.upload;

import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.util.Objects;

import org.springframework.core.io.buffer.DataBuffer;
import org.springframework.core.io.buffer.DefaultDataBufferFactory;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.http.codec.multipart.FilePartEvent;
import org.springframework.http.codec.multipart.FormPartEvent;

/**
 * The {@link org.springframework.http.codec.multipart.PartEvent}s that
 * {@link PartEventParser} emits.
 */
final class ParsedPart {

	private ParsedPart() {
	}

	/**
	 * A chunk of a file part's content, a slice of the buffer it arrived in.
	 *
	 * @param headers the part's headers
	 * @param content the chunk
	 * @param last whether it is the part's last chunk
	 */
	record FileChunk(HttpHeaders headers, DataBuffer content, boolean last) implements FilePartEvent {

		@Override
		public boolean isLast() {
			return this.last;
		}

	}

	/**
	 * A form field, whole.
	 *
	 * @param headers the part's headers
	 * @param value the field's value, decoded with the charset of its content type or
	 * UTF-8
	 */
	record FormField(HttpHeaders headers, String value) implements FormPartEvent {

		static FormField of(HttpHeaders headers, byte[] bytes, int length) {
			MediaType contentType = headers.getContentType();
			Charset charset = (contentType != null) ? contentType.getCharset() : null;
			return new FormField(headers,
					new String(bytes, 0, length, Objects.requireNonNullElse(charset, StandardCharsets.UTF_8)));
		}

		@Override
		public DataBuffer content() {
			return DefaultDataBufferFactory.sharedInstance.wrap(this.value.getBytes(StandardCharsets.UTF_8));
		}

		@Override
		public boolean isLast() {
			return true;
		}

	}

}
