package io.artstore.ingester.support;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.PooledByteBufAllocator;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtensionContext;

import static org.assertj.core.api.Assertions.assertThatExceptionOfType;
import static org.assertj.core.api.Assertions.assertThatNoException;
import static org.mockito.Mockito.mock;

/** The leak check fails on a buffer that this project's code dropped, and only then. */
class NoBufferLeaksTests {

	private final ExtensionContext context = mock(ExtensionContext.class);

	@Test
	void aBufferDroppedByTheIngestersCodeFailsTheCheck() {
		dropABuffer();

		assertThatExceptionOfType(AssertionError.class).isThrownBy(() -> new NoBufferLeaks().afterAll(this.context))
			.withMessageContaining("1 leaked Netty buffer(s) that the ingester's code touched")
			.withMessageContaining("NoBufferLeaksTests.dropABuffer");
	}

	@Test
	void releasedBuffersPassTheCheck() {
		ByteBuf buffer = PooledByteBufAllocator.DEFAULT.directBuffer(16);
		buffer.writeLong(42);
		buffer.release();

		assertThatNoException().isThrownBy(() -> new NoBufferLeaks().afterAll(this.context));
	}

	private static void dropABuffer() {
		ByteBuf buffer = PooledByteBufAllocator.DEFAULT.directBuffer(16);
		buffer.writeLong(42);
	}

}
