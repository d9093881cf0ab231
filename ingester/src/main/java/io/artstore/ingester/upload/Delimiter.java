package io.artstore.ingester.upload;

import java.nio.ByteBuffer;
import java.util.Arrays;

/**
 * A multipart delimiter and a fast search for it: Boyer-Moore-Horspool, which on file
 * content looks at about one byte in every delimiter length instead of every byte. Its
 * worst case, on content made to nearly match, is one comparison per delimiter byte for
 * each content byte: bounded, because boundaries are at most 70 characters (RFC 2046;
 * {@link PartEventParser} refuses longer ones).
 */
final class Delimiter {

	private final byte[] bytes;

	private final int[] shift = new int[256];

	/** Bytes compared so far, for tests that bound the work per byte. */
	private long comparisons;

	Delimiter(byte[] bytes) {
		if (bytes.length == 0) {
			throw new IllegalArgumentException("A delimiter needs at least one byte");
		}
		this.bytes = bytes.clone();
		int last = bytes.length - 1;
		Arrays.fill(this.shift, bytes.length);
		for (int i = 0; i < last; i++) {
			this.shift[bytes[i] & 0xff] = last - i;
		}
	}

	int length() {
		return this.bytes.length;
	}

	long comparisons() {
		return this.comparisons;
	}

	/**
	 * Finds the delimiter.
	 * @param buffer where to look, between {@code from} and {@code to}; its position is
	 * not used or changed
	 * @param from the first index to look at
	 * @param to the index after the last one to look at
	 * @return the index where the first whole occurrence starts, or {@code -1}
	 */
	int indexOf(ByteBuffer buffer, int from, int to) {
		int last = this.bytes.length - 1;
		byte lastByte = this.bytes[last];
		// Counted in a local and added once: this loop is the ingester's hottest.
		long compared = 0;
		int i = from;
		while (i + last < to) {
			byte candidate = buffer.get(i + last);
			compared++;
			if (candidate == lastByte) {
				int matched = matchingPrefix(buffer, i, last);
				compared += Math.min(matched + 1, last);
				if (matched == last) {
					this.comparisons += compared;
					return i;
				}
			}
			i += this.shift[candidate & 0xff];
		}
		this.comparisons += compared;
		return -1;
	}

	/**
	 * How many bytes at the end of the range could begin a delimiter that the next buffer
	 * completes: the length of the longest end of the range that is a start of the
	 * delimiter, shorter than the delimiter.
	 * @param buffer the bytes; its position is not used or changed
	 * @param from the first index of the range
	 * @param to the index after the range
	 * @return between 0 and {@code length() - 1}
	 */
	int partialMatchAtEnd(ByteBuffer buffer, int from, int to) {
		long compared = 0;
		int found = 0;
		for (int start = Math.max(from, to - this.bytes.length + 1); start < to && found == 0; start++) {
			int matched = matchingPrefix(buffer, start, to - start);
			compared += Math.min(matched + 1, to - start);
			if (matched == to - start) {
				found = to - start;
			}
		}
		this.comparisons += compared;
		return found;
	}

	/** How many bytes from {@code start} on match the delimiter's first {@code count}. */
	private int matchingPrefix(ByteBuffer buffer, int start, int count) {
		int j = 0;
		while (j < count && buffer.get(start + j) == this.bytes[j]) {
			j++;
		}
		return j;
	}

}
