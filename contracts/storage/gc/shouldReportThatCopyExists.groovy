import org.springframework.cloud.contract.spec.Contract

Contract.make {
	description '''Whether the element holds a file, for garbage collection: 200 with exists true. The producer-side id
is a placeholder that the verifier replaces with a file it uploads first.'''
	priority 100
	request {
		method GET()
		url $(consumer(regex('(/[A-Za-z0-9._-]+)*/api/v1/gc/' + uuid().pattern() + '/exists')), producer('/api/v1/gc/cccccccc-0000-4000-8000-0000000000c1/exists'))
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
				exists: true,
				file_id: $(consumer('3b9e5a2c-8d1f-4e6a-b7c0-9f2e1d3c4b5a'), producer(regex(uuid()))))
	}
	metadata([artstore: [responseFromUrl: ['file_id']]])
}
