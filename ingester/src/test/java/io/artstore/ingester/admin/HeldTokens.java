package io.artstore.ingester.admin;

/** Lets tests of other packages make the ingester read its service token from Redis. */
public final class HeldTokens {

	private HeldTokens() {
	}

	public static void forget(ServiceTokenProvider tokens) {
		tokens.forgetHeldToken();
	}

}
