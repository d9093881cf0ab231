import org.springframework.cloud.contract.spec.Contract

Contract.make {
	description '''Fault contract. The Admin Module fails a registration with 500 when its database fails mid-request;
what it had written may or may not be committed, so a consumer must treat the outcome as unknown. The body
is what the registry at BigKAA/artStore 68241ca answers for a database error: {"detail": "Failed to
register file"} (an unhandled error would be text, "Internal Server Error" or a traceback; consumers read
only the status). In the stub, a file whose original_filename contains "admin-failure" gets this answer.
Verified against a reference Admin Module whose registry fails, or a live one whose database refuses
writes (-Dproducer.failing-url).'''
	priority 10
	request {
		method POST()
		url '/api/v1/files'
		headers {
			header(authorization(), $(consumer(regex('Bearer .+')), producer('Bearer contract-verifier-token')))
			contentType(applicationJson())
		}
		body(
				file_id: $(consumer(regex(uuid())), producer('6c5b4a39-2817-4f6e-9d0c-bbaa99887766')),
				original_filename: $(consumer(regex('.*admin-failure.*')), producer('admin-failure.pdf')),
				storage_filename: $(consumer(regex('.+')), producer('6c5b4a39-2817-4f6e-9d0c-bbaa99887766.pdf')),
				file_size: $(consumer(regex('[1-9][0-9]*')), producer(2048)),
				checksum_sha256: $(consumer(regex('[0-9a-f]{64}')), producer('9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08')),
				content_type: $(consumer(regex('.+')), producer('application/pdf')),
				uploaded_by: $(consumer(regex('.+')), producer('artstore-contract-verifier')),
				retention_policy: $(consumer(regex('(temporary|permanent)')), producer('permanent')),
				storage_element_id: $(consumer(regex('.+')), producer('se-rw-02')),
				storage_path: $(consumer(regex('.+')), producer('/api/v1/files/6c5b4a39-2817-4f6e-9d0c-bbaa99887766')))
	}
	response {
		status INTERNAL_SERVER_ERROR()
		headers {
			contentType(applicationJson())
		}
		body(detail: 'Failed to register file')
	}
}
