import org.springframework.cloud.contract.spec.Contract

Contract.make {
	description '''A file_id the element does not hold answers 404 with a detail that names the file. That detail is
what tells "this element has no such file" from "this element has no such route" (FastAPI answers an
unknown route with {"detail": "Not Found"}): a consumer that settles a lost upload acts on the first only.
In the stub, the nil UUID is the file that is never there.'''
	priority 10
	request {
		method GET()
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
		body(detail: $(consumer('File 00000000-0000-0000-0000-000000000000 not found'),
				producer(regex('File 00000000-0000-0000-0000-000000000000 not found'))))
	}
}
