import org.springframework.cloud.contract.spec.Contract

Contract.make {
	description '''The internal storage element list needs a service account token: without one the Admin Module
answers 403 "Not authenticated" (FastAPI's HTTPBearer; no WWW-Authenticate). An unknown route would
answer 404 without a token, so this contract also shows that the route exists.'''
	priority 100
	request {
		method GET()
		urlPath('/api/v1/internal/storage-elements/available') {
			queryParameters {
				parameter 'mode': $(consumer(regex('(edit|rw)')), producer('edit'))
			}
		}
	}
	response {
		status FORBIDDEN()
		headers {
			contentType(applicationJson())
		}
		body(detail: 'Not authenticated')
	}
}
