import org.springframework.cloud.contract.spec.Contract

Contract.make {
	description '''Finalization's copy: an rw (or edit) element stores the bytes of a temporary file under the file's
own file_id, as a permanent file, with the id of the finalization that sends it (finalize_transaction_id, a UUID),
and answers 201 with that id and the SHA-256 it computed. The ingester streams the source element's download into
this upload and checks the checksum against the registry's before the Admin Module hears of the move. The stub
answers with the file_id it was sent and the checksum of the 20-byte sample, as for any upload. The producer-side
file_id and transaction id are placeholders that the verifier replaces with fresh UUIDs.'''
	priority 50
	request {
		method POST()
		url $(consumer(regex('(/[A-Za-z0-9._-]+)*/api/v1/files/upload')), producer('/api/v1/files/upload'))
		headers {
			header(authorization(), $(consumer(regex('Bearer .+')), producer('Bearer contract-verifier-token')))
			contentType('multipart/form-data')
		}
		multipart(
				file_id: $(consumer(regex(uuid())), producer('c0ffee00-0000-4000-8000-0000000000f2')),
				finalize_transaction_id: $(consumer(regex(uuid())), producer('c0ffee00-0000-4000-8000-0000000000f3')),
				description: $(consumer(regex('[\\S\\s]*')), producer('contract sample')),
				retention_policy: 'permanent',
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
