package io.artstore.contract.admin;

import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.UUID;

import io.artstore.contract.catalogue.VerificationRecorder;
import io.artstore.contract.verifier.PendingContracts;
import io.artstore.contract.verifier.PlaceholderSubstitutions;
import io.artstore.contract.verifier.ProducerUnderTest;
import io.artstore.reference.admin.ReferenceAdminModule;
import io.restassured.RestAssured;
import io.restassured.http.ContentType;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Base class of the tests generated from {@code contracts/admin}. They run against the
 * reference Admin Module, or against a live one given by {@code -Dproducer.url}. A live
 * Admin Module needs the service account {@code artstore-contract-verifier} with secret
 * {@code contract-verifier-secret}; a token for it is fetched once, unless
 * {@code -Dproducer.token} supplies one. Files the contracts look up or update are
 * registered first, each under a fresh id, and the element the lookup contract describes
 * is the first one the producer lists.
 */
@ExtendWith({ PendingContracts.class, VerificationRecorder.class })
public abstract class AdminBase {

	static final String CLIENT_ID = "artstore-contract-verifier";

	static final String CLIENT_SECRET = "contract-verifier-secret";

	/**
	 * Producer-side file ids in the contracts; each run registers fresh ones instead, so
	 * that a verification can run again against the same registry.
	 */
	static final String TEMPORARY_FILE_ID = "5f8d2c1e-6a7b-4c3d-9e0f-112233445566";

	static final String PERMANENT_FILE_ID = "7a6b5c4d-3e2f-4a1b-8c9d-0e1f2a3b4c5d";

	static final String ALREADY_REGISTERED_FILE_ID = "0d1e2f30-4152-4637-8899-aabbccddeeff";

	static final String REFUSED_FILE_ID = "1c2d3e4f-5a6b-4c7d-8e9f-a0b1c2d3e4f5";

	/** Producer-side id of the file that the lookup contract finds; registered first. */
	static final String LOOKED_UP_FILE_ID = "9e8d7c6b-5a49-4382-9170-6f5e4d3c2b1a";

	/** Producer-side id of the temporary file that the finalization contract records. */
	static final String FINALIZED_FILE_ID = "2b3c4d5e-6f70-4812-9a3b-c4d5e6f70819";

	/**
	 * Producer-side id of the temporary file that finalization reads; registered first.
	 */
	static final String TO_FINALIZE_FILE_ID = "4e5f6a7b-8c9d-4e0f-a1b2-c3d4e5f6a7b8";

	/** Producer-side id of the element that the lookup contract describes. */
	static final String DESCRIBED_ELEMENT_ID = "se-contract-fixture";

	@BeforeAll
	static void pointAtProducer() {
		URI baseUrl = ProducerUnderTest.resolve("producer.url", "reference-admin",
				() -> ReferenceAdminModule.baseUrl(ReferenceAdminModule.start(0)));
		String alreadyRegistered = UUID.randomUUID().toString();
		ProducerUnderTest.pointRestAssuredAt(baseUrl,
				PlaceholderSubstitutions.withToken(AdminBase::token)
					.inBody(TEMPORARY_FILE_ID, () -> UUID.randomUUID().toString())
					.inBody(PERMANENT_FILE_ID, () -> UUID.randomUUID().toString())
					.inBody(ALREADY_REGISTERED_FILE_ID, () -> register(alreadyRegistered, "permanent"))
					.inBody(REFUSED_FILE_ID, () -> UUID.randomUUID().toString())
					.inPath(LOOKED_UP_FILE_ID, () -> register(UUID.randomUUID().toString(), "permanent"))
					.inPath(TO_FINALIZE_FILE_ID, () -> register(UUID.randomUUID().toString(), "temporary"))
					.inPathAndBody(FINALIZED_FILE_ID, () -> register(UUID.randomUUID().toString(), "temporary"))
					.inPath(DESCRIBED_ELEMENT_ID, AdminBase::firstEditElement));
	}

	static String token() {
		String given = System.getProperty("producer.token", "");
		if (!given.isBlank()) {
			return given;
		}
		return RestAssured.given()
			.contentType(ContentType.JSON)
			.body(Map.of("client_id", CLIENT_ID, "client_secret", CLIENT_SECRET, "grant_type", "client_credentials"))
			.post("/api/v1/auth/token")
			.then()
			.statusCode(200)
			.extract()
			.path("access_token");
	}

	/**
	 * Registers a file as the ingester does, with its content type and uploader (the
	 * registry stores a file without them but then refuses it).
	 */
	private static String register(String fileId, String retentionPolicy) {
		Map<String, Object> body = new LinkedHashMap<>();
		body.put("file_id", fileId);
		body.put("original_filename", "already-registered.pdf");
		body.put("storage_filename", fileId + ".pdf");
		body.put("file_size", 2048);
		body.put("checksum_sha256", "9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08");
		body.put("content_type", "application/pdf");
		body.put("uploaded_by", CLIENT_ID);
		body.put("retention_policy", retentionPolicy);
		if ("temporary".equals(retentionPolicy)) {
			body.put("ttl_days", 30);
			body.put("ttl_expires_at", Instant.now().plus(Duration.ofDays(30)).toString());
		}
		body.put("storage_element_id", "temporary".equals(retentionPolicy) ? "se-edit-01" : "se-rw-01");
		body.put("storage_path", "/api/v1/files/" + fileId);
		RestAssured.given()
			.header("Authorization", "Bearer " + ProducerUnderTest.PLACEHOLDER_TOKEN)
			.contentType(ContentType.JSON)
			.body(body)
			.post("/api/v1/files")
			.then()
			.statusCode(201);
		return fileId;
	}

	/** The element the producer lists first for temporary files. */
	private static String firstEditElement() {
		return RestAssured.given()
			.header("Authorization", "Bearer " + ProducerUnderTest.PLACEHOLDER_TOKEN)
			.queryParam("mode", "edit")
			.get("/api/v1/internal/storage-elements/available")
			.then()
			.statusCode(200)
			.extract()
			.path("storage_elements[0].element_id");
	}

}
