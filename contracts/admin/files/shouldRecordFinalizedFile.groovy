import org.springframework.cloud.contract.spec.Contract

Contract.make {
	description '''Finalization's last step: the registry records that a temporary file is now permanent, on another
element, and when (PUT /api/v1/files/{file_id}). Setting permanent clears the TTL fields. The producer-side
id is a placeholder that the verifier replaces with a temporary file it registers first.'''
	priority 100
	request {
		method PUT()
		url $(consumer(regex('/api/v1/files/' + uuid().pattern())), producer('/api/v1/files/2b3c4d5e-6f70-4812-9a3b-c4d5e6f70819'))
		headers {
			header(authorization(), $(consumer(regex('Bearer .+')), producer('Bearer contract-verifier-token')))
			contentType(applicationJson())
		}
		body(
				retention_policy: 'permanent',
				storage_element_id: $(consumer(regex('.+')), producer('se-rw-02')),
				storage_path: $(consumer(regex('.+')), producer('/api/v1/files/2b3c4d5e-6f70-4812-9a3b-c4d5e6f70819')),
				finalized_at: $(consumer(regex('\\d{4}-\\d{2}-\\d{2}T.+')), producer('2026-11-25T10:00:00Z')))
	}
	response {
		status OK()
		headers {
			contentType(applicationJson())
		}
		body(
				file_id: $(consumer('3b9e5a2c-8d1f-4e6a-b7c0-9f2e1d3c4b5a'), producer(regex(uuid()))),
				retention_policy: 'permanent',
				storage_element_id: $(consumer('se-rw-02'), producer(regex('.+'))),
				finalized_at: $(consumer('2026-11-25T10:00:00Z'), producer(regex('\\d{4}-\\d{2}-\\d{2}T.+'))),
				ttl_days: null,
				ttl_expires_at: null)
	}
}
