import org.springframework.cloud.contract.spec.Contract

Contract.make {
	description '''An element_id the Admin Module does not know answers 404 with its rewritten body
{"detail": "Resource not found", "path": ...}, the same as an unknown route's (see
shouldRefuseFileLookupWithoutToken for how a route is shown to exist). In the stub, "se-unknown-00" is
never known.'''
	priority 10
	request {
		method GET()
		url '/api/v1/internal/storage-elements/se-unknown-00'
		headers {
			header(authorization(), $(consumer(regex('Bearer .+')), producer('Bearer contract-verifier-token')))
		}
	}
	response {
		status NOT_FOUND()
		headers {
			contentType(applicationJson())
		}
		body(
				detail: 'Resource not found',
				path: '/api/v1/internal/storage-elements/se-unknown-00')
	}
}
