import org.springframework.cloud.contract.spec.Contract

Contract.make {
	description '''Garbage collection is idempotent: removing a file the element does not hold answers 200 with status
"already_deleted", never 404, so a consumer may repeat a removal whose answer it lost.
In the stub, the nil UUID is the file that is never there.'''
	priority 10
	request {
		method DELETE()
		url $(consumer(regex('(/[A-Za-z0-9._-]+)*/api/v1/gc/00000000-0000-0000-0000-000000000000')), producer('/api/v1/gc/00000000-0000-0000-0000-000000000000'))
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
				status: 'already_deleted',
				file_id: '00000000-0000-0000-0000-000000000000')
	}
}
