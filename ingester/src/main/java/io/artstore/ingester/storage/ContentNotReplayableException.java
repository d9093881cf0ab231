package io.artstore.ingester.storage;

/**
 * An upload cannot be sent again: more of it went to a failed element than the replay
 * buffer holds.
 */
class ContentNotReplayableException extends RuntimeException {

	private static final long serialVersionUID = 1L;

	ContentNotReplayableException() {
		super("More of the upload was sent than the replay buffer holds", null, false, false);
	}

}
