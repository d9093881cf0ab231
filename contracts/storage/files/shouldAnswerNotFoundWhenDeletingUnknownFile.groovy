import org.springframework.cloud.contract.spec.Contract

Contract.make {
	description '''Deleting a file the element does not hold answers 404, with a detail that names the file (an unknown
route would answer {"detail": "Not Found"}). Deleting needs an element in edit mode and an operator or
admin token.
In the stub, the nil UUID is the file that is never there.'''
	priority 10
	request {
		method DELETE()
		url $(consumer(regex('(/[A-Za-z0-9._-]+)*/api/v1/files/00000000-0000-0000-0000-000000000000')), producer('/api/v1/files/00000000-0000-0000-0000-000000000000'))
		headers {
			header(authorization(), $(consumer(regex('Bearer .+')), producer('Bearer contract-verifier-token')))
		}
	}
	response {
		status NOT_FOUND()
		headers {
			contentType(applicationJson())
		}
		body(detail: $(consumer('File not found: 00000000-0000-0000-0000-000000000000'),
				producer(regex('File not found: 00000000-0000-0000-0000-000000000000'))))
	}
}
