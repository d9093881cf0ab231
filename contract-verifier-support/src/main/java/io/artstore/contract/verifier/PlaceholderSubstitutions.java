package io.artstore.contract.verifier;

import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Supplier;

import io.restassured.filter.Filter;
import io.restassured.filter.FilterContext;
import io.restassured.response.Response;
import io.restassured.specification.FilterableRequestSpecification;
import io.restassured.specification.FilterableResponseSpecification;

/**
 * Replaces producer-side placeholders of the contracts with values that are valid for the
 * producer under test, just before a request is sent: the bearer token, and ids of
 * fixtures that a verifier created first, in paths, bodies and multipart fields. Values
 * are computed lazily, once, when a request first needs them.
 */
public final class PlaceholderSubstitutions implements Filter {

	private static final String AUTHORIZATION = "Authorization";

	private final Map<String, Supplier<String>> pathValues = new LinkedHashMap<>();

	private final Map<String, Supplier<String>> bodyValues = new LinkedHashMap<>();

	private final Map<String, Supplier<String>> fieldValues = new LinkedHashMap<>();

	private final Supplier<String> token;

	private PlaceholderSubstitutions(Supplier<String> token) {
		this.token = token;
	}

	/**
	 * Substitutions that replace the placeholder bearer token with the given one.
	 * @param token supplies a token that the producer accepts; called at most once
	 * @return the substitutions
	 */
	public static PlaceholderSubstitutions withToken(Supplier<String> token) {
		return new PlaceholderSubstitutions(Memoized.of(token));
	}

	/**
	 * Adds a placeholder that may appear in request paths.
	 * @param placeholder the literal producer-side value used in contracts
	 * @param value supplies the real value; called at most once
	 * @return these substitutions
	 */
	public PlaceholderSubstitutions inPath(String placeholder, Supplier<String> value) {
		this.pathValues.put(placeholder, Memoized.of(value));
		return this;
	}

	/**
	 * Adds a placeholder that may appear in request bodies.
	 * @param placeholder the literal producer-side value used in contracts
	 * @param value supplies the real value; called at most once
	 * @return these substitutions
	 */
	public PlaceholderSubstitutions inBody(String placeholder, Supplier<String> value) {
		this.bodyValues.put(placeholder, Memoized.of(value));
		return this;
	}

	/**
	 * Adds a placeholder that may appear in request paths and bodies alike, replaced by
	 * the same value in both: an id in the path that the body repeats.
	 * @param placeholder the literal producer-side value used in contracts
	 * @param value supplies the real value; called at most once
	 * @return these substitutions
	 */
	public PlaceholderSubstitutions inPathAndBody(String placeholder, Supplier<String> value) {
		Supplier<String> once = Memoized.of(value);
		this.pathValues.put(placeholder, once);
		this.bodyValues.put(placeholder, once);
		return this;
	}

	/**
	 * Adds a placeholder that may be the whole value of a form field of a multipart
	 * request. Generated tests send a contract's multipart fields other than files as
	 * request parameters, which RestAssured sends as parts, and those are what is
	 * replaced ({@code getMultiPartParams()} answers copies of the parts, so file parts
	 * cannot be changed here).
	 * @param placeholder the literal producer-side value used in contracts
	 * @param value supplies the real value; called at most once
	 * @return these substitutions
	 */
	public PlaceholderSubstitutions inMultipart(String placeholder, Supplier<String> value) {
		this.fieldValues.put(placeholder, Memoized.of(value));
		return this;
	}

	@Override
	public Response filter(FilterableRequestSpecification request, FilterableResponseSpecification response,
			FilterContext context) {
		String authorization = request.getHeaders().getValue(AUTHORIZATION);
		if (("Bearer " + ProducerUnderTest.PLACEHOLDER_TOKEN).equals(authorization)) {
			request.replaceHeader(AUTHORIZATION, "Bearer " + this.token.get());
		}
		String path = request.getUserDefinedPath();
		for (Map.Entry<String, Supplier<String>> entry : this.pathValues.entrySet()) {
			if (path.contains(entry.getKey())) {
				path = path.replace(entry.getKey(), entry.getValue().get());
				request.path(path);
			}
		}
		if (request.getBody() instanceof String body) {
			String replaced = body;
			for (Map.Entry<String, Supplier<String>> entry : this.bodyValues.entrySet()) {
				if (replaced.contains(entry.getKey())) {
					replaced = replaced.replace(entry.getKey(), entry.getValue().get());
				}
			}
			if (!replaced.equals(body)) {
				request.body(replaced);
			}
		}
		if (!this.fieldValues.isEmpty()) {
			replaceFields(request);
		}
		return context.next(request, response);
	}

	private void replaceFields(FilterableRequestSpecification request) {
		Map<String, Object> params = new LinkedHashMap<>(request.getRequestParams());
		if (params.values().stream().anyMatch(this.fieldValues::containsKey)) {
			// removed and added again in their order, which is the order of the parts
			params.keySet().forEach(request::removeParam);
			params.forEach((name, value) -> {
				if (value instanceof Collection<?> values) {
					request.param(name, values);
				}
				else {
					request.param(name, fieldValue(value));
				}
			});
		}
	}

	private Object fieldValue(Object value) {
		Supplier<String> real = (value instanceof String text) ? this.fieldValues.get(text) : null;
		return (real != null) ? real.get() : value;
	}

}
