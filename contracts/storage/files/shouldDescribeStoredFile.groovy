import org.springframework.cloud.contract.spec.Contract

Contract.make {
	description '''A stored file's metadata, by its file_id: how a consumer learns whether an upload whose answer was
lost is stored, and with which checksum (the field is "checksum", SHA-256 in hex). In the stub every
file_id but the nil UUID is the 20-byte sample, answered with the file_id asked about. The producer-side id is a placeholder that the verifier
replaces with a file it uploads first.'''
	priority 100
	request {
		method GET()
		url $(consumer(regex('(/[A-Za-z0-9._-]+)*/api/v1/files/' + uuid().pattern())), producer('/api/v1/files/aaaaaaaa-0000-4000-8000-0000000000a1'))
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
				original_filename: $(consumer('sample.txt'), producer(regex('.+'))),
				storage_filename: $(consumer('sample_ingester_20261124T100000_3b9e5a2c-8d1f-4e6a-b7c0-9f2e1d3c4b5a.txt'), producer(regex('.+'))),
				storage_path: $(consumer('2026/11/24/10/'), producer(regex('.*'))),
				file_size: $(consumer(20), producer(regex('[0-9]+'))),
				content_type: $(consumer('text/plain'), producer(regex('.+'))),
				checksum: $(consumer('a702c5cdc517ec270e1dfe4fc30d928922648a8bff9f296b7a55d43f844f04ea'), producer(regex('[0-9a-f]{64}'))),
				created_at: $(consumer('2026-11-24T10:00:00+00:00'), producer(regex('\\d{4}-\\d{2}-\\d{2}T.+'))))
	}
	metadata([artstore: [responseFromUrl: ['file_id']]])
}
