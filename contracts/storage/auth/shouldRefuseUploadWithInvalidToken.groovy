import org.springframework.cloud.contract.spec.Contract

Contract.make {
	description '''A storage element refuses a token it cannot validate (expired, revoked, wrongly signed) with 401
and a Bearer challenge; the ingester then fetches a new service token once and tries again.
In the stub, a token starting with "expired-" is refused.'''
	priority 5
	request {
		method POST()
		url $(consumer(regex('(/[A-Za-z0-9._-]+)*/api/v1/files/upload')), producer('/api/v1/files/upload'))
		headers {
			header(authorization(), $(consumer(regex('Bearer expired-.*')), producer('Bearer expired-service-token')))
			contentType('multipart/form-data')
		}
		multipart(
				file: named(
						name: $(consumer(regex('.+')), producer('sample.txt')),
						content: $(consumer(regex('[\\S\\s]+')), producer('artstore sample file'))))
	}
	response {
		status UNAUTHORIZED()
		headers {
			header('WWW-Authenticate', $(consumer('Bearer'), producer(regex('Bearer.*'))))
			contentType(applicationJson())
		}
		body(detail: $(consumer('Invalid or expired token'), producer(regex('.+'))))
	}
}
