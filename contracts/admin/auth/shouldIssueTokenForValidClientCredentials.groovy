import org.springframework.cloud.contract.spec.Contract

Contract.make {
	description 'A service account exchanges its client credentials for an RS256 access token (client_credentials grant).'
	priority 100
	request {
		method POST()
		url '/api/v1/auth/token'
		headers {
			contentType(applicationJson())
		}
		body(
				client_id: $(consumer(regex('[A-Za-z0-9._-]+')), producer('artstore-contract-verifier')),
				client_secret: $(consumer(regex('.+')), producer('contract-verifier-secret')),
				grant_type: 'client_credentials')
	}
	response {
		status OK()
		headers {
			contentType(applicationJson())
		}
		body(
				access_token: $(consumer('eyJhbGciOiJSUzI1NiJ9.eyJzdWIiOiJpbmdlc3RlciJ9.c3R1Yi1zaWduYXR1cmU'),
						producer(regex('[A-Za-z0-9_-]+\\.[A-Za-z0-9_-]+\\.[A-Za-z0-9_-]+'))),
				refresh_token: $(consumer('eyJhbGciOiJSUzI1NiJ9.eyJ0eXBlIjoicmVmcmVzaCJ9.c3R1Yi1zaWduYXR1cmU'),
						producer(regex('[A-Za-z0-9_-]+\\.[A-Za-z0-9_-]+\\.[A-Za-z0-9_-]+'))),
				token_type: 'Bearer',
				expires_in: 1800,
				issued_at: $(consumer('2026-11-24T10:00:00Z'), producer(regex('\\d{4}-\\d{2}-\\d{2}T\\d{2}:\\d{2}:\\d{2}.*'))))
	}
}
