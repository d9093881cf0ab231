package io.artstore.ingester.admin;

import java.time.Clock;
import java.time.Instant;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import reactor.core.publisher.Mono;
import tools.jackson.core.type.TypeReference;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.data.redis.core.ReactiveStringRedisTemplate;
import org.springframework.stereotype.Component;

/**
 * The storage elements a file may go to, for the mode its retention policy needs: the
 * Admin Module's available list without elements that are full or not online, lowest
 * priority first. The list is held in memory and shared through Redis for
 * {@code elements-cache-ttl}; Redis is a cache only, and while the Admin Module is down
 * the last list it gave keeps serving for up to {@code elements-max-stale}. However many
 * calls miss the held list of a mode at once, they share one lookup.
 */
@Component
public class StorageElementDirectory {

	private static final Logger logger = LoggerFactory.getLogger(StorageElementDirectory.class);

	private static final TypeReference<List<StorageElement>> ELEMENTS = new TypeReference<>() {
	};

	private final AdminModuleClient admin;

	private final ServiceTokenProvider tokens;

	private final ReactiveStringRedisTemplate redis;

	private final JsonMapper jsonMapper;

	private final AdminProperties properties;

	private final Clock clock = Clock.systemUTC();

	private final Map<String, Listed> held = new ConcurrentHashMap<>();

	/** Per mode, the lookup shared by the calls that miss the held list while it runs. */
	private final Map<String, Mono<Listed>> lookups = new ConcurrentHashMap<>();

	StorageElementDirectory(AdminModuleClient admin, ServiceTokenProvider tokens, ReactiveStringRedisTemplate redis,
			JsonMapper jsonMapper, AdminProperties properties) {
		this.admin = admin;
		this.tokens = tokens;
		this.redis = redis;
		this.jsonMapper = jsonMapper;
		this.properties = properties;
	}

	/**
	 * The elements to try, in order.
	 * @param mode {@code edit} or {@code rw}
	 * @return the candidates, possibly empty
	 */
	public Mono<List<StorageElement>> candidates(String mode) {
		return listing(mode).map(Listed::candidates);
	}

	/**
	 * One element as the Admin Module knows it now, listed as available or not: where the
	 * reconciler finds an element that a row names.
	 * @param elementId the element
	 * @return the element, or empty when the Admin Module does not know it
	 */
	public Mono<StorageElement> element(String elementId) {
		return this.tokens.withToken((token) -> this.admin.element(elementId, token),
				ServiceTokenRejectedException.class::isInstance);
	}

	private Mono<Listed> listing(String mode) {
		Listed listed = this.held.get(mode);
		if (isFresh(listed, this.clock.instant())) {
			return Mono.just(listed);
		}
		return this.lookups.computeIfAbsent(mode,
				(key) -> InFlight.shared(Mono.defer(() -> heldCachedOrFetched(mode))));
	}

	private Mono<Listed> heldCachedOrFetched(String mode) {
		Instant now = this.clock.instant();
		// a lookup that ended just before this one began may have left a list
		Listed listed = this.held.get(mode);
		if (isFresh(listed, now)) {
			return Mono.just(listed);
		}
		String key = this.properties.cacheKeyPrefix() + "storage-elements:" + mode;
		return this.redis.opsForValue()
			.get(key)
			.timeout(this.properties.cacheTimeout())
			.onErrorResume((ex) -> Mono.empty())
			.map((json) -> this.jsonMapper.readValue(json, ELEMENTS))
			.switchIfEmpty(Mono.defer(() -> fetch(mode).flatMap((elements) -> this.redis.opsForValue()
				.set(key, this.jsonMapper.writeValueAsString(elements), this.properties.elementsCacheTtl())
				.timeout(this.properties.cacheTimeout())
				.onErrorResume((ex) -> Mono.just(false))
				.thenReturn(elements))))
			.map((elements) -> hold(mode, elements, now))
			.onErrorResume(AdminModuleUnavailableException.class, (ex) -> {
				if (listed == null || now.isAfter(listed.at().plus(this.properties.elementsMaxStale()))) {
					return Mono.error(ex);
				}
				logger.warn("Using the storage elements listed at {}: {}", listed.at(), ex.getMessage());
				return Mono.just(listed);
			});
	}

	/** Whether a held list is young enough to use without asking again. */
	private boolean isFresh(@Nullable Listed listed, Instant now) {
		return listed != null && now.isBefore(listed.at().plus(this.properties.elementsCacheTtl()));
	}

	private Listed hold(String mode, List<StorageElement> elements, Instant now) {
		// an element without an element_id (the Admin Module allows one) can be neither
		// recorded with a file nor found again: it is passed over
		List<StorageElement> candidates = elements.stream()
			.filter((element) -> mode.equals(element.mode()) && element.elementId() != null && element.apiUrl() != null)
			.filter(StorageElement::acceptsUploads)
			.sorted(Comparator.comparingInt(StorageElement::priority))
			.toList();
		Listed listed = new Listed(candidates, now);
		this.held.put(mode, listed);
		return listed;
	}

	private Mono<List<StorageElement>> fetch(String mode) {
		return this.tokens.withToken((token) -> this.admin.availableElements(mode, token),
				ServiceTokenRejectedException.class::isInstance);
	}

	private record Listed(List<StorageElement> candidates, Instant at) {
	}

}
