import org.springframework.cloud.contract.spec.Contract

Contract.make {
	description '''The file registry refuses a file_id it already holds with 400 (registration is not idempotent).
In the stub, a file whose original_filename contains "already-registered" is refused this way, so
consumers can exercise their compensation path.'''
	priority 10
	request {
		method POST()
		url '/api/v1/files'
		headers {
			header(authorization(), $(consumer(regex('Bearer .+')), producer('Bearer contract-verifier-token')))
			contentType(applicationJson())
		}
		body(
				file_id: $(consumer(regex(uuid())), producer('0d1e2f30-4152-4637-8899-aabbccddeeff')),
				original_filename: $(consumer(regex('.*already-registered.*')), producer('already-registered.pdf')),
				storage_filename: $(consumer(regex('.+')), producer('0d1e2f30-4152-4637-8899-aabbccddeeff.pdf')),
				file_size: $(consumer(regex('[1-9][0-9]*')), producer(2048)),
				checksum_sha256: $(consumer(regex('[0-9a-f]{64}')), producer('9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08')),
				content_type: $(consumer(regex('.+')), producer('application/pdf')),
				uploaded_by: $(consumer(regex('.+')), producer('artstore-contract-verifier')),
				retention_policy: $(consumer(regex('(temporary|permanent)')), producer('permanent')),
				storage_element_id: $(consumer(regex('.+')), producer('se-rw-02')),
				storage_path: $(consumer(regex('.+')), producer('/api/v1/files/0d1e2f30-4152-4637-8899-aabbccddeeff')))
	}
	response {
		status BAD_REQUEST()
		headers {
			contentType(applicationJson())
		}
		body(detail: $(consumer('File with ID 0d1e2f30-4152-4637-8899-aabbccddeeff already exists'), producer(regex('File with ID [0-9a-f-]{36} already exists'))))
	}
}
