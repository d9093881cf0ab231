import org.springframework.cloud.contract.spec.Contract

Contract.make {
	description '''Pending (asks the Storage team for a new route): no file was stored with this Idempotency-Key, 404
with a detail that names the key, unlike FastAPI's {"detail": "Not Found"} for a route it does not have (so
that an element without the route cannot pass this contract).
In the stub, the nil UUID is the key that finds nothing.'''
	priority 10
	request {
		method GET()
		url $(consumer(regex('(/[A-Za-z0-9._-]+)*/api/v1/files/by-idempotency-key/00000000-0000-0000-0000-000000000000')), producer('/api/v1/files/by-idempotency-key/00000000-0000-0000-0000-000000000000'))
		headers {
			header(authorization(), $(consumer(regex('Bearer .+')), producer('Bearer contract-verifier-token')))
		}
	}
	response {
		status NOT_FOUND()
		headers {
			contentType(applicationJson())
		}
		body(detail: $(consumer('No file stored with Idempotency-Key 00000000-0000-0000-0000-000000000000'),
				producer(regex('.*00000000-0000-0000-0000-000000000000.*'))))
	}
}
