import org.springframework.cloud.contract.spec.Contract

Contract.make {
	description '''Proposed by the ingester: a file_id the registry does not hold answers 404.
In the stub, the nil UUID is the file that is never registered.'''
	priority 10
	request {
		method GET()
		url '/api/v1/files/00000000-0000-0000-0000-000000000000'
		headers {
			header(authorization(), $(consumer(regex('Bearer .+')), producer('Bearer contract-verifier-token')))
		}
	}
	response {
		status NOT_FOUND()
		headers {
			contentType(applicationJson())
		}
		body(detail: $(consumer('File not found'), producer(regex('.+'))))
	}
}
