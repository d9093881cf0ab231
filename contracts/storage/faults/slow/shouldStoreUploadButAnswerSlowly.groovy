import org.springframework.cloud.contract.spec.Contract

Contract.make {
	description '''Fault contract. A storage element under load stores the file and answers 201, but late: in the
stub, 2 seconds late, for every element whose base path ends in "-slow-<n>". A consumer that waits less
than that (the ingester's tests set their element response timeout below it) must treat the upload as
uncertain: the file may be stored although no answer arrived. Verified against a reference element that
holds each answer for 2 seconds after storing; the verifier strips the stub's element prefix
"/se-edit-slow-01" from the producer-side path.'''
	priority 10
	request {
		method POST()
		url $(consumer(regex('(/[A-Za-z0-9._-]+)*/[A-Za-z0-9._-]+-slow-[0-9]+/api/v1/files/upload')), producer('/se-edit-slow-01/api/v1/files/upload'))
		headers {
			header(authorization(), $(consumer(regex('Bearer .+')), producer('Bearer contract-verifier-token')))
			contentType('multipart/form-data')
		}
		multipart(
				file_id: $(consumer(regex(uuid())), producer('c0ffee00-0000-4000-8000-0000000000f2')),
				file: named(
						name: $(consumer(regex('.+')), producer('sample.txt')),
						content: $(consumer(regex('[\\S\\s]+')), producer('artstore sample file'))),
				retention_policy: $(consumer(regex('(temporary|permanent)')), producer('temporary')))
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
		fixedDelayMilliseconds(2000)
	}
	metadata([artstore: [responseFromParts: [file_id: 'file_id']]])
}
