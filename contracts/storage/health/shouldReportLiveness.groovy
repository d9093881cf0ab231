import org.springframework.cloud.contract.spec.Contract

Contract.make {
	description 'The liveness probe answers 200 while the process runs; it needs no token.'
	request {
		method GET()
		url $(consumer(regex('(/[A-Za-z0-9._-]+)*/health/live')), producer('/health/live'))
	}
	response {
		status OK()
		headers {
			contentType(applicationJson())
		}
		body(
				status: 'ok',
				timestamp: $(consumer('2026-11-24T10:00:00Z'), producer(regex('\\d{4}-\\d{2}-\\d{2}T\\d{2}:\\d{2}:\\d{2}.*'))),
				checks: [process: 'running'])
	}
}
