import org.springframework.cloud.contract.spec.Contract

Contract.make {
	description '''A registered file, by its file_id: how a consumer settles a registration whose answer was lost (a
timeout, a 5xx, an ingester that stopped), and what finalization reads (retention policy, element, checksum, who uploaded it, whether it was finalized).
In the stub every file_id but the nil UUID is registered by "stub-uploader", on se-edit-01, as a temporary file
of 2048 bytes that is not the storage stub's sample (its checksum is another), answered with the file_id asked about. The producer-side id is a placeholder that the
verifier replaces with a file it registers first.'''
	priority 100
	request {
		method GET()
		url $(consumer(regex('/api/v1/files/' + uuid().pattern())), producer('/api/v1/files/9e8d7c6b-5a49-4382-9170-6f5e4d3c2b1a'))
		headers {
			header(authorization(), $(consumer(regex('Bearer .+')), producer('Bearer contract-verifier-token')))
		}
	}
	response {
		status OK()
		headers {
			contentType(applicationJson())
		}
		body(
				file_id: $(consumer('3b9e5a2c-8d1f-4e6a-b7c0-9f2e1d3c4b5a'), producer(regex(uuid()))),
				storage_element_id: $(consumer('se-edit-01'), producer(regex('.+'))),
				file_size: $(consumer(2048), producer(regex('[0-9]+'))),
				checksum_sha256: $(consumer('9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08'), producer(regex('[0-9a-f]{64}'))),
				retention_policy: $(consumer('temporary'), producer(regex('(temporary|permanent)'))),
				storage_path: $(consumer('/api/v1/files/3b9e5a2c-8d1f-4e6a-b7c0-9f2e1d3c4b5a'), producer(regex('.+'))),
				uploaded_by: $(consumer('stub-uploader'), producer(regex('.+'))),
				finalized_at: null)
	}
	metadata([artstore: [responseFromUrl: ['file_id']]])
}
