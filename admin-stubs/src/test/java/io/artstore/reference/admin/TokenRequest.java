package io.artstore.reference.admin;

import com.fasterxml.jackson.annotation.JsonProperty;
import org.jspecify.annotations.Nullable;

/** The body of {@code POST /api/v1/auth/token}. */
record TokenRequest(@JsonProperty("client_id") @Nullable String clientId,
		@JsonProperty("client_secret") @Nullable String clientSecret,
		@JsonProperty("grant_type") @Nullable String grantType) {
}
