import org.springframework.cloud.contract.spec.Contract

Contract.make {
	description '''One storage element by its element_id, whatever its state or mode: how a consumer finds an element
that is no longer listed as available (offline, full, read-only) to settle what it left there.
health_status is "healthy" for an element the Admin Module has found online, else "unhealthy".
In the stub, every element_id but "se-unknown-00" is se-edit-01. The producer-side id is a placeholder that
the verifier replaces with an element the Admin Module lists.'''
	priority 100
	request {
		method GET()
		url $(consumer(regex('/api/v1/internal/storage-elements/[A-Za-z0-9._-]+')), producer('/api/v1/internal/storage-elements/se-contract-fixture'))
		headers {
			header(authorization(), $(consumer(regex('Bearer .+')), producer('Bearer contract-verifier-token')))
		}
	}
	response {
		status OK()
		headers {
			contentType(applicationJson())
		}
		body(
				id: $(consumer(1), producer(regex('[0-9]+'))),
				element_id: $(consumer('se-edit-01'), producer(regex('[A-Za-z0-9._-]+'))),
				name: $(consumer('Storage element se-edit-01'), producer(regex('.+'))),
				mode: $(consumer('edit'), producer(regex('(edit|rw|ro|ar)'))),
				priority: $(consumer(10), producer(regex('[0-9]+'))),
				api_url: $(consumer('http://storage.stub/se-edit-01'), producer(regex('https?://.+'))),
				health_status: $(consumer('healthy'), producer(regex('(healthy|unhealthy)'))),
				capacity_status: $(consumer('ok'), producer(regex('(ok|warning|critical|full)'))))
	}
}
