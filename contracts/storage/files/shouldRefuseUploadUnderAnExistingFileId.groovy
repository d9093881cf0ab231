import org.springframework.cloud.contract.spec.Contract

Contract.make {
	description '''An upload under a file_id the element already holds is refused, and the stored copy is left as it
was. The element at BigKAA/artStore 68241ca answers 500 with "File with ID ... already exists" (not 409):
a consumer cannot tell this 500 from a failure by its status, only by this detail. The ingester takes it
as any uncertain outcome: it notes the element, and its reconciler later looks the id up there
(GET /api/v1/files/{file_id}) and keeps the copy only where the ledger or the registry names it.
In the stub, a file whose name contains "existing-file-id" is refused this way. The producer-side file_id
is a placeholder that the verifier replaces with the id of a file it uploads first.'''
	priority 10
	request {
		method POST()
		url $(consumer(regex('(/[A-Za-z0-9._-]+)*/api/v1/files/upload')), producer('/api/v1/files/upload'))
		headers {
			header(authorization(), $(consumer(regex('Bearer .+')), producer('Bearer contract-verifier-token')))
			contentType('multipart/form-data')
		}
		multipart(
				file_id: $(consumer(regex(uuid())), producer('d0d0d0d0-0000-4000-8000-0000000000d1')),
				file: named(
						name: $(consumer(regex('.*existing-file-id.*')), producer('existing-file-id.txt')),
						content: $(consumer(regex('[\\S\\s]+')), producer('artstore sample file'))))
	}
	response {
		status INTERNAL_SERVER_ERROR()
		headers {
			contentType(applicationJson())
		}
		body(detail: $(consumer('File with ID 3b9e5a2c-8d1f-4e6a-b7c0-9f2e1d3c4b5a already exists'),
				producer(regex('File with ID [0-9a-f-]{36} already exists'))))
	}
}
