package io.artstore.contract.storage;

import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.UUID;
import java.util.function.UnaryOperator;

import io.artstore.contract.catalogue.VerificationRecorder;
import io.artstore.contract.verifier.PendingContracts;
import io.artstore.contract.verifier.PlaceholderSubstitutions;
import io.artstore.contract.verifier.ProducerUnderTest;
import io.artstore.reference.storage.ReferenceStorageElement;
import io.artstore.testsupport.RsaTokenIssuer;
import io.restassured.RestAssured;
import io.restassured.specification.RequestSpecification;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.extension.ExtendWith;

import org.springframework.security.oauth2.jwt.JwtClaimsSet;

/**
 * Base class of the tests generated from {@code contracts/storage}, except those for an
 * element in a particular state (full, draining, slow). They run against a reference
 * storage element in edit mode, or against a live element given by {@code -Dproducer.url}
 * (in edit mode, so that deletes are allowed). The reference element trusts tokens signed
 * by a key pair made for this run, as a real element trusts the Admin Module's; a live
 * element needs a valid service account token (the garbage collection routes take no
 * other): pass one with {@code -Dproducer.token}. Files the contracts read or remove are
 * uploaded first, each under a fresh id.
 */
@ExtendWith({ PendingContracts.class, VerificationRecorder.class })
public abstract class StorageBase {

	/** The producer-side id of the file that the delete contract removes. */
	static final String FIXTURE_FILE_ID = "ffffffff-0000-4000-8000-00000000f1e5";

	/** The producer-side key that the lookup contract finds a file by. */
	static final String FIXTURE_IDEMPOTENCY_KEY = "eeeeeeee-0000-4000-8000-0000000000e1";

	/** The producer-side id of the file whose metadata a contract reads. */
	static final String DESCRIBED_FILE_ID = "aaaaaaaa-0000-4000-8000-0000000000a1";

	/** The producer-side id of the file whose bytes a contract downloads. */
	static final String DOWNLOADED_FILE_ID = "aaaaaaaa-0000-4000-8000-0000000000d2";

	/** The producer-side {@code file_id} field of a finalization's copy: a fresh id. */
	static final String FINALIZED_FILE_ID = "c0ffee00-0000-4000-8000-0000000000f2";

	/** The producer-side {@code finalize_transaction_id} field: a fresh id. */
	static final String FINALIZE_TRANSACTION_ID = "c0ffee00-0000-4000-8000-0000000000f3";

	/** The producer-side id of the file that garbage collection removes. */
	static final String COLLECTED_FILE_ID = "bbbbbbbb-0000-4000-8000-0000000000b1";

	/** The producer-side id of the file that garbage collection finds. */
	static final String EXISTING_FILE_ID = "cccccccc-0000-4000-8000-0000000000c1";

	/** The producer-side {@code file_id} field of an upload: a fresh id on every run. */
	static final String NEW_FILE_ID = "c0ffee00-0000-4000-8000-0000000000f1";

	/** The producer-side {@code file_id} field of an upload under an id already taken. */
	static final String TAKEN_FILE_ID = "d0d0d0d0-0000-4000-8000-0000000000d1";

	private static final RsaTokenIssuer ADMIN = RsaTokenIssuer.withNewKeyPair();

	@BeforeAll
	static void pointAtProducer() {
		URI baseUrl = ProducerUnderTest.resolve("producer.url", "reference-storage",
				() -> start("reference-storage", Long.MAX_VALUE, UnaryOperator.identity()));
		ProducerUnderTest.pointRestAssuredAt(baseUrl,
				PlaceholderSubstitutions.withToken(StorageBase::token)
					.inPath(FIXTURE_FILE_ID, () -> uploadFixture(null))
					.inPath(FIXTURE_IDEMPOTENCY_KEY, StorageBase::uploadFixtureWithKey)
					.inPath(DESCRIBED_FILE_ID, () -> uploadFixture(null))
					.inPath(DOWNLOADED_FILE_ID, () -> uploadFixture(null))
					.inPath(COLLECTED_FILE_ID, () -> uploadFixture(null))
					.inPath(EXISTING_FILE_ID, () -> uploadFixture(null))
					.inMultipart(NEW_FILE_ID, () -> UUID.randomUUID().toString())
					.inMultipart(FINALIZED_FILE_ID, () -> UUID.randomUUID().toString())
					.inMultipart(FINALIZE_TRANSACTION_ID, () -> UUID.randomUUID().toString())
					.inMultipart(TAKEN_FILE_ID, () -> uploadFixture(null)));
	}

	/**
	 * Starts a reference element in edit mode under {@code target/<name>}.
	 * @param name its name and folder
	 * @param capacityBytes the space it may fill
	 * @param state puts it in the state its contracts need (as is, draining, slow)
	 * @return its base URL
	 */
	static URI start(String name, long capacityBytes, UnaryOperator<ReferenceStorageElement> state) {
		ReferenceStorageElement element = new ReferenceStorageElement(Path.of("target", name), "edit", capacityBytes,
				ADMIN.publicKey());
		return ReferenceStorageElement.baseUrl(state.apply(element).start(0));
	}

	static String token() {
		String given = System.getProperty("producer.token", "");
		return given.isBlank() ? serviceAccountToken() : given;
	}

	private static String serviceAccountToken() {
		Instant now = Instant.now();
		JwtClaimsSet claims = JwtClaimsSet.builder()
			.subject("artstore-contract-verifier")
			.claim("type", "service_account")
			.claim("role", "admin")
			.claim("name", "artstore-contract-verifier")
			.claim("client_id", "artstore-contract-verifier")
			.id(UUID.randomUUID().toString())
			.issuedAt(now)
			.notBefore(now)
			.expiresAt(now.plus(Duration.ofMinutes(30)))
			.build();
		return ADMIN.issue(claims);
	}

	private static String uploadFixtureWithKey() {
		String key = UUID.randomUUID().toString();
		uploadFixture(key);
		return key;
	}

	/**
	 * Uploads a file under a fresh id of the verifier's choosing, as the ingester does.
	 */
	private static String uploadFixture(@Nullable String idempotencyKey) {
		RequestSpecification request = RestAssured.given();
		if (idempotencyKey != null) {
			request = request.header("Idempotency-Key", idempotencyKey);
		}
		return request.header("Authorization", "Bearer " + ProducerUnderTest.PLACEHOLDER_TOKEN)
			.multiPart("file_id", UUID.randomUUID().toString())
			.multiPart("description", "contract verifier fixture")
			.multiPart("retention_policy", "temporary")
			.multiPart("file", "fixture.txt", "a file the contracts read and remove".getBytes(StandardCharsets.UTF_8))
			.post("/api/v1/files/upload")
			.then()
			.statusCode(201)
			.extract()
			.path("file_id");
	}

}
