package io.artstore.contract.compat;

/**
 * One change between two versions of the contracts.
 *
 * @param kind what it means for consumers and producers
 * @param contract the contract's name
 * @param what the change, in words
 */
public record ContractChange(Kind kind, String contract, String what) {

	/** What a change means, most serious first. */
	public enum Kind {

		/**
		 * Breaks consumers of the published stubs: a contract removed or moved to the
		 * other stubs jar, a path or method moved, a status changed, a response field
		 * removed or retyped, a request the stub no longer matches, another priority
		 * (which stub answers) or another stub behaviour (a delay, a fault).
		 */
		BREAKING("breaking for consumers"),

		/**
		 * Asks more of producers, which must now show it to pass verification: a new
		 * contract, a new response field or header.
		 */
		NEW_DEMAND("new demand on producers"),

		/** Neither: a description, an example value of the same type, a wider matcher. */
		COMPATIBLE("compatible");

		private final String label;

		Kind(String label) {
			this.label = label;
		}

		/**
		 * @return the kind in words, as the report shows it
		 */
		public String label() {
			return this.label;
		}

	}

}
