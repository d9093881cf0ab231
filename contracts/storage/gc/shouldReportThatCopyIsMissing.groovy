import org.springframework.cloud.contract.spec.Contract

Contract.make {
	description '''Whether the element holds a file, for garbage collection: 200 with exists false for a file it does
not hold. In the stub, the nil UUID is the file that is never there.'''
	priority 10
	request {
		method GET()
		url $(consumer(regex('(/[A-Za-z0-9._-]+)*/api/v1/gc/00000000-0000-0000-0000-000000000000/exists')), producer('/api/v1/gc/00000000-0000-0000-0000-000000000000/exists'))
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
				exists: false,
				file_id: '00000000-0000-0000-0000-000000000000')
	}
}
