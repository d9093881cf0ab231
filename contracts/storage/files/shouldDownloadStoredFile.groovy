import org.springframework.cloud.contract.spec.Contract

Contract.make {
	description '''A stored file's bytes, by its file_id (GET /api/v1/files/{file_id}/download), streamed with the
content type it was stored with and its length: what finalization reads from the edit element and pipes into the
rw element's upload. In the stub every file_id but the nil UUID is the 20-byte sample "artstore sample file".
The producer-side id is a placeholder that the verifier replaces with a file it uploads first.'''
	priority 100
	request {
		method GET()
		url $(consumer(regex('(/[A-Za-z0-9._-]+)*/api/v1/files/' + uuid().pattern() + '/download')),
				producer('/api/v1/files/aaaaaaaa-0000-4000-8000-0000000000d2/download'))
		headers {
			header(authorization(), $(consumer(regex('Bearer .+')), producer('Bearer contract-verifier-token')))
		}
	}
	response {
		status OK()
		headers {
			header(contentType(), $(consumer('text/plain; charset=utf-8'), producer(regex('.+'))))
			header(contentLength(), $(consumer('20'), producer(regex('[0-9]+'))))
		}
		body($(consumer('artstore sample file'), producer(regex('[\\S\\s]+'))))
	}
}
