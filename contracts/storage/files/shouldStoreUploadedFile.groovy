import org.springframework.cloud.contract.spec.Contract

Contract.make {
	description '''A storage element in edit or rw mode stores a multipart upload under the file_id the client chose
and answers 201 with that id and the SHA-256 it computed. The ingester chooses the id (its upload's id),
so that it can ask the element about the copy (GET /api/v1/files/{file_id}) when an answer is lost.
Elements may sit behind a base path (their api_url), so the stub accepts any prefix before
/api/v1/files/upload. The stub answers with the file_id it was sent, and always with the size and checksum
of the 20-byte sample "artstore sample file": a consumer that uploads anything else sees a checksum
mismatch. The producer-side file_id is a placeholder that the verifier replaces with a fresh UUID.'''
	priority 100
	request {
		method POST()
		url $(consumer(regex('(/[A-Za-z0-9._-]+)*/api/v1/files/upload')), producer('/api/v1/files/upload'))
		headers {
			header(authorization(), $(consumer(regex('Bearer .+')), producer('Bearer contract-verifier-token')))
			contentType('multipart/form-data')
		}
		multipart(
				file_id: $(consumer(regex(uuid())), producer('c0ffee00-0000-4000-8000-0000000000f1')),
				description: $(consumer(regex('[\\S\\s]*')), producer('contract sample')),
				retention_policy: $(consumer(regex('(temporary|permanent)')), producer('temporary')),
				file: named(
						name: $(consumer(regex('.+')), producer('sample.txt')),
						content: $(consumer(regex('[\\S\\s]+')), producer('artstore sample file'))))
	}
	response {
		status CREATED()
		headers {
			contentType(applicationJson())
		}
		body(
				file_id: $(consumer('3b9e5a2c-8d1f-4e6a-b7c0-9f2e1d3c4b5a'), producer(regex(uuid()))),
				original_filename: 'sample.txt',
				file_size: 20,
				checksum: 'a702c5cdc517ec270e1dfe4fc30d928922648a8bff9f296b7a55d43f844f04ea',
				message: $(consumer('File uploaded successfully'), producer(regex('.+'))))
	}
	metadata([artstore: [responseFromParts: [file_id: 'file_id']]])
}
