package io.artstore.reference.admin;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import org.jspecify.annotations.Nullable;

/**
 * A registration of {@code POST /api/v1/files}, as the Admin Module's
 * {@code FileRegisterRequest} accepts it.
 *
 * @param fileId the file's id
 * @param originalFilename its name as uploaded
 * @param storageFilename its name on the element
 * @param fileSize its size in bytes
 * @param checksumSha256 its SHA-256, lower-case hexadecimal
 * @param contentType its content type
 * @param description its description
 * @param retentionPolicy {@code temporary} or {@code permanent}
 * @param ttlExpiresAt when a temporary file expires
 * @param ttlDays how many days a temporary file lives
 * @param storageElementId the element that holds it
 * @param storagePath where on the element
 * @param compressed whether it is stored compressed
 * @param compressionAlgorithm how
 * @param originalSize its size before compression
 * @param uploadedBy who uploaded it
 * @param uploadSourceIp from where
 * @param userMetadata the uploader's metadata
 */
record FileRegistration(UUID fileId, String originalFilename, String storageFilename, long fileSize,
		String checksumSha256, @Nullable String contentType, @Nullable String description, String retentionPolicy,
		@Nullable Instant ttlExpiresAt, @Nullable Integer ttlDays, String storageElementId, String storagePath,
		boolean compressed, @Nullable String compressionAlgorithm, @Nullable Long originalSize,
		@Nullable String uploadedBy, @Nullable String uploadSourceIp, @Nullable Map<String, Object> userMetadata) {

	/**
	 * Reads a registration, field by field as the model declares them, then its TTL rule:
	 * a temporary file needs both TTL fields, a permanent one neither.
	 * @param body the body
	 * @return the registration, or {@code null} when the body has errors
	 */
	static @Nullable FileRegistration read(BodyValidation body) {
		UUID fileId = body.uuid("file_id");
		String originalFilename = body.string("original_filename", true, 1, 500);
		String storageFilename = body.string("storage_filename", true, 1, 500);
		Long fileSize = body.integer("file_size", true, 0, Long.MAX_VALUE);
		String checksum = body.sha256("checksum_sha256");
		String contentType = body.string("content_type", false, 0, 255);
		String description = body.string("description", false, 0, 1000);
		String retentionPolicy = body.choice("retention_policy", true, "temporary", "permanent");
		Instant ttlExpiresAt = body.datetime("ttl_expires_at");
		Long ttlDays = body.integer("ttl_days", false, 1, 365);
		String storageElementId = body.string("storage_element_id", true, 1, 255);
		String storagePath = body.string("storage_path", true, 1, 1000);
		boolean compressed = body.bool("compressed");
		String compressionAlgorithm = body.string("compression_algorithm", false, 0, 20);
		Long originalSize = body.integer("original_size", false, 0, Long.MAX_VALUE);
		String uploadedBy = body.string("uploaded_by", false, 0, 100);
		String uploadSourceIp = body.string("upload_source_ip", false, 0, 45);
		Map<String, Object> userMetadata = body.object("user_metadata");
		boolean hasTtl = ttlExpiresAt != null && ttlDays != null;
		if ("temporary".equals(retentionPolicy)) {
			body.rule(hasTtl, "ttl_expires_at and ttl_days are required for temporary files");
		}
		else {
			body.rule(ttlExpiresAt == null && ttlDays == null,
					"ttl_expires_at and ttl_days must be None for permanent files");
		}
		if (!body.isValid()) {
			return null;
		}
		return new FileRegistration(fileId, originalFilename, storageFilename, fileSize, checksum, contentType,
				description, retentionPolicy, ttlExpiresAt, (ttlDays != null) ? ttlDays.intValue() : null,
				storageElementId, storagePath, compressed, compressionAlgorithm, originalSize, uploadedBy,
				uploadSourceIp, userMetadata);
	}

	/**
	 * What the event the registry publishes after storing a file refuses of it
	 * ({@code FileMetadataEvent} needs a content type, an uploader and a size above 0),
	 * as pydantic words it; the registry answers it with 400 and keeps the file.
	 * @return the errors, or {@code null} when the event takes the file
	 */
	@Nullable String eventProblems() {
		List<String> problems = new ArrayList<>();
		if (this.fileSize <= 0) {
			problems.add("file_size\n  Input should be greater than 0 [type=greater_than, input_value=" + this.fileSize
					+ ", input_type=int]");
		}
		if (this.contentType == null) {
			problems.add(missingString("content_type"));
		}
		if (this.uploadedBy == null) {
			problems.add(missingString("uploaded_by"));
		}
		if (problems.isEmpty()) {
			return null;
		}
		return problems.size() + " validation error" + ((problems.size() > 1) ? "s" : "") + " for FileMetadataEvent\n"
				+ String.join("\n", problems);
	}

	private static String missingString(String field) {
		return field + "\n  Input should be a valid string [type=string_type, input_value=None, input_type=NoneType]";
	}

}
