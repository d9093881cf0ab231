package io.artstore.ingester.admin;

import java.util.Comparator;
import java.util.List;

import reactor.core.publisher.Mono;
import tools.jackson.core.type.TypeReference;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.data.redis.core.ReactiveStringRedisTemplate;
import org.springframework.stereotype.Component;

/**
 * The storage elements a file may go to, for the mode its retention policy needs: the
 * Admin Module's available list, cached in Redis for a short time, without elements that
 * are full or not online, lowest priority first.
 */
@Component
public class StorageElementDirectory {

	private static final TypeReference<List<StorageElement>> ELEMENTS = new TypeReference<>() {
	};

	private final AdminModuleClient admin;

	private final ServiceTokenProvider tokens;

	private final ReactiveStringRedisTemplate redis;

	private final JsonMapper jsonMapper;

	private final AdminProperties properties;

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
		String key = this.properties.cacheKeyPrefix() + "storage-elements:" + mode;
		return this.redis.opsForValue()
			.get(key)
			.map((json) -> this.jsonMapper.readValue(json, ELEMENTS))
			.switchIfEmpty(Mono.defer(() -> fetch(mode).flatMap((elements) -> this.redis.opsForValue()
				.set(key, this.jsonMapper.writeValueAsString(elements), this.properties.elementsCacheTtl())
				.thenReturn(elements))))
			.map((elements) -> elements.stream()
				.filter(StorageElement::acceptsUploads)
				.filter((element) -> mode.equals(element.mode()))
				.sorted(Comparator.comparingInt(StorageElement::priority))
				.toList());
	}

	private Mono<List<StorageElement>> fetch(String mode) {
		return this.tokens.withToken((token) -> this.admin.availableElements(mode, token),
				ServiceTokenRejectedException.class::isInstance);
	}

}
