import org.springframework.cloud.contract.spec.Contract

Contract.make {
	description '''After a storage element has stored a file, the ingester registers it in the Admin Module's file registry.
content_type and uploaded_by are required in practice: the registry at BigKAA/artStore 68241ca stores a
registration without them and then answers 400 (the event it publishes needs both).
A permanent file has no TTL.'''
	priority 100
	request {
		method POST()
		url '/api/v1/files'
		headers {
			header(authorization(), $(consumer(regex('Bearer .+')), producer('Bearer contract-verifier-token')))
			contentType(applicationJson())
		}
		body(
				file_id: $(consumer(regex(uuid())), producer('7a6b5c4d-3e2f-4a1b-8c9d-0e1f2a3b4c5d')),
				original_filename: $(consumer(regex('.+')), producer('contract.pdf')),
				storage_filename: $(consumer(regex('.+')), producer('7a6b5c4d-3e2f-4a1b-8c9d-0e1f2a3b4c5d.pdf')),
				file_size: $(consumer(regex('[1-9][0-9]*')), producer(1048576)),
				checksum_sha256: $(consumer(regex('[0-9a-f]{64}')), producer('9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08')),
				content_type: $(consumer(regex('.+')), producer('application/pdf')),
				uploaded_by: $(consumer(regex('.+')), producer('artstore-contract-verifier')),
				retention_policy: 'permanent',
				storage_element_id: $(consumer(regex('.+')), producer('se-rw-02')),
				storage_path: $(consumer(regex('.+')), producer('/api/v1/files/7a6b5c4d-3e2f-4a1b-8c9d-0e1f2a3b4c5d')))
	}
	response {
		status CREATED()
		headers {
			contentType(applicationJson())
		}
		body(
				file_id: $(consumer('7a6b5c4d-3e2f-4a1b-8c9d-0e1f2a3b4c5d'), producer(regex(uuid()))),
				original_filename: $(consumer('contract.pdf'), producer(regex('.+'))),
				file_size: $(consumer(1048576), producer(regex('[0-9]+'))),
				checksum_sha256: $(consumer('9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08'), producer(regex('[0-9a-f]{64}'))),
				retention_policy: 'permanent',
				storage_element_id: $(consumer('se-rw-02'), producer(regex('.+'))),
				created_at: $(consumer('2026-11-24T10:00:00Z'), producer(regex('\\d{4}-\\d{2}-\\d{2}T\\d{2}:\\d{2}:\\d{2}.*'))))
	}
}
