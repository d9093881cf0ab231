import org.springframework.cloud.contract.spec.Contract

Contract.make {
	description 'The internal storage element list needs a service account token: without one the answer is 401.'
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
		status UNAUTHORIZED()
		headers {
			contentType(applicationJson())
		}
		body(detail: $(consumer('Not authenticated'), producer(regex('.+'))))
	}
}
