package io.artstore.ingester.admin;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonProperty;

/** The Admin Module's answer to a client credentials request. */
@JsonIgnoreProperties(ignoreUnknown = true)
record ServiceToken(@JsonProperty("access_token") String accessToken, @JsonProperty("expires_in") long expiresIn) {
}
