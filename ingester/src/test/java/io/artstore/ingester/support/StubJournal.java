package io.artstore.ingester.support;

import java.util.List;
import java.util.stream.Stream;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.web.reactive.function.client.WebClient;

/**
 * The requests a WireMock stub received, read from its admin API: which storage elements
 * an upload went to, in which order, and which copies were deleted.
 */
public final class StubJournal {

	private final WebClient admin;

	private final JsonMapper jsonMapper = JsonMapper.builder().build();

	public StubJournal(String stubUrl) {
		this.admin = WebClient.create(stubUrl + "/__admin");
	}

	/** Forgets every request received so far. */
	public void reset() {
		this.admin.delete().uri("/requests").retrieve().toBodilessEntity().block();
	}

	/**
	 * The requests received since the last reset, oldest first, as
	 * {@code "METHOD /path"}.
	 * @return the requests
	 */
	public List<String> requests() {
		return received().map((request) -> request.get("method").asString() + " " + request.get("url").asString())
			.toList();
	}

	/**
	 * The bodies of the requests received since the last reset, oldest first, as text.
	 * @return the bodies
	 */
	public List<String> bodies() {
		return received().map((request) -> request.path("body").asString("")).toList();
	}

	private Stream<JsonNode> received() {
		String json = this.admin.get().uri("/requests").retrieve().bodyToMono(String.class).block();
		JsonNode requests = this.jsonMapper.readTree(json).get("requests");
		return requests.valueStream()
			.map((entry) -> entry.get("request"))
			.sorted((a, b) -> Long.compare(a.get("loggedDate").asLong(), b.get("loggedDate").asLong()));
	}

}
