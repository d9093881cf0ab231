import org.springframework.cloud.contract.spec.Contract

Contract.make {
	description '''The registry's lookup by file_id needs a token: without one the Admin Module answers 403
"Not authenticated". An unknown route answers 404 even without a token, so this contract is what shows
that GET /api/v1/files/{file_id} exists: its 404 (shouldAnswerNotFoundForUnregisteredFile) has the same
body as an unknown route's. Its stub is the last resort (priority 200): a lookup with a token gets shouldFindRegisteredFile.'''
	priority 200
	request {
		method GET()
		url $(consumer(regex('/api/v1/files/' + uuid().pattern())), producer('/api/v1/files/00000000-0000-0000-0000-000000000000'))
	}
	response {
		status FORBIDDEN()
		headers {
			contentType(applicationJson())
		}
		body(detail: 'Not authenticated')
	}
}
