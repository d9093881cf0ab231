import org.springframework.cloud.contract.spec.Contract

Contract.make {
	description '''Unknown client credentials are refused with 401 and a Bearer challenge naming invalid_client.
In the stub, any client_id starting with "invalid-" is unknown.'''
	priority 10
	request {
		method POST()
		url '/api/v1/auth/token'
		headers {
			contentType(applicationJson())
		}
		body(
				client_id: $(consumer(regex('invalid-[A-Za-z0-9._-]*')), producer('invalid-contract-client')),
				client_secret: $(consumer(regex('.*')), producer('not-the-secret')),
				grant_type: 'client_credentials')
	}
	response {
		status UNAUTHORIZED()
		headers {
			header('WWW-Authenticate', 'Bearer error="invalid_client"')
			contentType(applicationJson())
		}
		body(detail: 'Invalid client_id or client_secret')
	}
}
