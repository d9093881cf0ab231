import org.springframework.cloud.contract.spec.Contract

Contract.make {
	description '''Garbage collection of one copy: a service account removes a stored file in any mode (edit or rw)
and gets 200 with status "deleted". This is how the ingester removes a copy that must not stay (a failed
registration, an upload nobody will register). The producer-side id is a placeholder that the verifier
replaces with a file it uploads first.'''
	priority 100
	request {
		method DELETE()
		url $(consumer(regex('(/[A-Za-z0-9._-]+)*/api/v1/gc/' + uuid().pattern())), producer('/api/v1/gc/bbbbbbbb-0000-4000-8000-0000000000b1'))
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
				status: 'deleted',
				file_id: $(consumer('3b9e5a2c-8d1f-4e6a-b7c0-9f2e1d3c4b5a'), producer(regex(uuid()))),
				deleted_at: $(consumer('2026-11-24T10:00:00+00:00'), producer(regex('\\d{4}-\\d{2}-\\d{2}T.+'))),
				deleted_by: $(consumer('artstore-ingester'), producer(regex('.+'))),
				reason: $(consumer('gc_cleanup'), producer(regex('.+'))))
	}
	metadata([artstore: [responseFromUrl: ['file_id']]])
}
