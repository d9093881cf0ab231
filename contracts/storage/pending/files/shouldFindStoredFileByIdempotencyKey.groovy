import org.springframework.cloud.contract.spec.Contract

Contract.make {
	description '''Pending (asks the Storage team for a new route; no element at BigKAA/artStore 68241ca offers it):
a file stored with an Idempotency-Key header is found again by that key. The ingester does not rely on it:
it chooses the file_id itself and asks GET /api/v1/files/{file_id}. In the stub every key but the nil UUID
finds the sample file. The producer-side key is a placeholder that the verifier replaces with the key of a
file it uploads first.'''
	priority 100
	request {
		method GET()
		url $(consumer(regex('(/[A-Za-z0-9._-]+)*/api/v1/files/by-idempotency-key/' + uuid().pattern())), producer('/api/v1/files/by-idempotency-key/eeeeeeee-0000-4000-8000-0000000000e1'))
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
				file_size: $(consumer(20), producer(regex('[0-9]+'))),
				checksum: $(consumer('a702c5cdc517ec270e1dfe4fc30d928922648a8bff9f296b7a55d43f844f04ea'), producer(regex('[0-9a-f]{64}'))))
	}
}
