package io.artstore.contract.admin;

import java.net.URI;
import java.util.Map;
import java.util.UUID;

import io.artstore.contract.catalogue.VerificationRecorder;
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
 * {@code -Dproducer.token} supplies one.
 */
@ExtendWith(VerificationRecorder.class)
public abstract class AdminBase {

	static final String CLIENT_ID = "artstore-contract-verifier";

	static final String CLIENT_SECRET = "contract-verifier-secret";

	/** Producer-side file ids in the contracts; each run registers fresh ones instead. */
	static final String TEMPORARY_FILE_ID = "5f8d2c1e-6a7b-4c3d-9e0f-112233445566";

	static final String PERMANENT_FILE_ID = "7a6b5c4d-3e2f-4a1b-8c9d-0e1f2a3b4c5d";

	static final String ALREADY_REGISTERED_FILE_ID = "0d1e2f30-4152-4637-8899-aabbccddeeff";

	/** Producer-side id of the file that the lookup contract finds; registered first. */
	static final String LOOKED_UP_FILE_ID = "9e8d7c6b-5a49-4382-9170-6f5e4d3c2b1a";

	@BeforeAll
	static void pointAtProducer() {
		URI baseUrl = ProducerUnderTest.resolve("producer.url", "reference-admin",
				() -> ReferenceAdminModule.baseUrl(ReferenceAdminModule.start(0)));
		String alreadyRegistered = UUID.randomUUID().toString();
		ProducerUnderTest.pointRestAssuredAt(baseUrl,
				PlaceholderSubstitutions.withToken(AdminBase::token)
					.inBody(TEMPORARY_FILE_ID, () -> UUID.randomUUID().toString())
					.inBody(PERMANENT_FILE_ID, () -> UUID.randomUUID().toString())
					.inBody(ALREADY_REGISTERED_FILE_ID, () -> register(alreadyRegistered))
					.inPath(LOOKED_UP_FILE_ID, () -> register(UUID.randomUUID().toString())));
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

	private static String register(String fileId) {
		RestAssured.given()
			.header("Authorization", "Bearer " + ProducerUnderTest.PLACEHOLDER_TOKEN)
			.contentType(ContentType.JSON)
			.body(Map.of("file_id", fileId, "original_filename", "already-registered.pdf", "storage_filename",
					fileId + ".pdf", "file_size", 2048, "checksum_sha256",
					"9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08", "retention_policy", "permanent",
					"storage_element_id", "se-rw-01", "storage_path", "/api/v1/files/" + fileId))
			.post("/api/v1/files")
			.then()
			.statusCode(201);
		return fileId;
	}

}
