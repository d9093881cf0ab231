package io.artstore.ingester.storage;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

import org.jspecify.annotations.Nullable;

import io.artstore.ingester.admin.StorageElement;

/**
 * What one upload's attempts to store its file left uncertain: the elements that may hold
 * a copy that no answer told the ingester about.
 */
public final class StoreAttempts {

	private final List<SuspectedCopy> suspected = new CopyOnWriteArrayList<>();

	private volatile @Nullable StorageElement inFlight;

	/**
	 * The elements that may hold a copy.
	 * @return a snapshot, in the order they were tried
	 */
	public List<SuspectedCopy> suspected() {
		return List.copyOf(this.suspected);
	}

	/**
	 * The caller went away, or the upload was cancelled otherwise: the attempt in flight,
	 * if any, may have stored the file.
	 */
	public void abandoned() {
		StorageElement element = this.inFlight;
		if (element != null) {
			suspect(element);
		}
	}

	void started(StorageElement element) {
		this.inFlight = element;
	}

	void ended() {
		this.inFlight = null;
	}

	void suspect(StorageElement element) {
		this.inFlight = null;
		SuspectedCopy copy = new SuspectedCopy(element.elementId(), element.apiUrl());
		if (!this.suspected.contains(copy)) {
			this.suspected.add(copy);
		}
	}

}
