import org.springframework.cloud.contract.spec.Contract

Contract.make {
	description '''A temporary file that was never finalized, by its file_id: what finalization starts from (it copies
the file from the element named here and checks the copy against this checksum). In the stub the file
f1a1f1a1-0000-4000-8000-00000000f1a1 is the storage stub's 20-byte sample, uploaded by "stub-uploader" to se-edit-01.
The producer-side id is a placeholder that the verifier replaces with a temporary file it registers first.'''
	priority 50
	request {
		method GET()
		url $(consumer('/api/v1/files/f1a1f1a1-0000-4000-8000-00000000f1a1'), producer('/api/v1/files/4e5f6a7b-8c9d-4e0f-a1b2-c3d4e5f6a7b8'))
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
				file_id: $(consumer('f1a1f1a1-0000-4000-8000-00000000f1a1'), producer(regex(uuid()))),
				original_filename: $(consumer('sample.txt'), producer(regex('.+'))),
				content_type: $(consumer('text/plain'), producer(regex('.+'))),
				storage_element_id: $(consumer('se-edit-01'), producer(regex('.+'))),
				file_size: $(consumer(20), producer(regex('[0-9]+'))),
				checksum_sha256: $(consumer('a702c5cdc517ec270e1dfe4fc30d928922648a8bff9f296b7a55d43f844f04ea'), producer(regex('[0-9a-f]{64}'))),
				retention_policy: 'temporary',
				finalized_at: null,
				uploaded_by: $(consumer('stub-uploader'), producer(regex('.+'))),
				storage_path: $(consumer('/api/v1/files/f1a1f1a1-0000-4000-8000-00000000f1a1'), producer(regex('.+'))))
	}
}
