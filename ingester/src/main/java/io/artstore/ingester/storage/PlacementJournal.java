package io.artstore.ingester.storage;

import reactor.core.publisher.Mono;

import io.artstore.ingester.admin.StorageElement;

/**
 * Where a placement writes down where the file may be, before anything could be lost: the
 * element it is about to send the file to, and an element that may hold a copy that no
 * answer told of. A crash between two of these writes leaves a record that names every
 * element that may hold a copy.
 */
public interface PlacementJournal {

	/**
	 * Called before a byte goes to an element; the attempt waits for it.
	 * @param element the element the file goes to next
	 * @return completes when written; a failure ends the placement with that failure
	 */
	Mono<Void> attempting(StorageElement element);

	/**
	 * An attempt whose outcome stays unknown (the answer was lost and the element could
	 * not be asked): the element may hold a copy under the upload's id.
	 * @param element the element
	 * @param reason what was lost
	 * @return completes when written; a failure ends the placement with that failure
	 */
	Mono<Void> mayHold(StorageElement element, String reason);

}
