import org.springframework.cloud.contract.spec.Contract

Contract.make {
	description '''A stored file is deleted with 204 by an element in edit mode (an rw element refuses with 400; the ingester
removes copies through the gc route, which works in every mode).
The producer-side id is a placeholder that the verifier replaces with a file it uploads first.'''
	priority 100
	request {
		method DELETE()
		url $(consumer(regex('(/[A-Za-z0-9._-]+)*/api/v1/files/' + uuid().pattern())), producer('/api/v1/files/ffffffff-0000-4000-8000-00000000f1e5'))
		headers {
			header(authorization(), $(consumer(regex('Bearer .+')), producer('Bearer contract-verifier-token')))
		}
	}
	response {
		status NO_CONTENT()
	}
}
