import org.springframework.cloud.contract.spec.Contract

Contract.make {
	description '''A file_id the registry does not hold answers 404. The Admin Module at BigKAA/artStore 68241ca rewrites
every 404 to {"detail": "Resource not found", "path": <the request's path>}, the same for a route it does
not have: the body cannot tell the two apart, so shouldRefuseFileLookupWithoutToken shows that the route
exists (403 without a token, where an unknown route answers 404), and a consumer never deletes a copy on
this 404 alone. In the stub, the nil UUID is the file that is never registered.'''
	priority 10
	request {
		method GET()
		url '/api/v1/files/00000000-0000-0000-0000-000000000000'
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
				path: '/api/v1/files/00000000-0000-0000-0000-000000000000')
	}
}
