import org.springframework.cloud.contract.spec.Contract

Contract.make {
	description '''The registry's TTL rule: a temporary file needs ttl_days and ttl_expires_at, a permanent one must
have neither. A registration that breaks it is refused with 422 and FastAPI's validation body, whose
first error is a value_error on the body; nothing is stored. The ingester always sends what the rule asks;
this contract pins the rule. In the stub, a temporary file whose original_filename contains "no-ttl" is refused this way.'''
	priority 10
	request {
		method POST()
		url '/api/v1/files'
		headers {
			header(authorization(), $(consumer(regex('Bearer .+')), producer('Bearer contract-verifier-token')))
			contentType(applicationJson())
		}
		body(
				file_id: $(consumer(regex(uuid())), producer('1c2d3e4f-5a6b-4c7d-8e9f-a0b1c2d3e4f5')),
				original_filename: $(consumer(regex('.*no-ttl.*')), producer('no-ttl.pdf')),
				storage_filename: $(consumer(regex('.+')), producer('1c2d3e4f-5a6b-4c7d-8e9f-a0b1c2d3e4f5.pdf')),
				file_size: $(consumer(regex('[1-9][0-9]*')), producer(2048)),
				checksum_sha256: $(consumer(regex('[0-9a-f]{64}')), producer('9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08')),
				content_type: $(consumer(regex('.+')), producer('application/pdf')),
				uploaded_by: $(consumer(regex('.+')), producer('artstore-contract-verifier')),
				retention_policy: 'temporary',
				storage_element_id: $(consumer(regex('.+')), producer('se-edit-01')),
				storage_path: $(consumer(regex('.+')), producer('/api/v1/files/1c2d3e4f-5a6b-4c7d-8e9f-a0b1c2d3e4f5')))
	}
	response {
		status UNPROCESSABLE_ENTITY()
		headers {
			contentType(applicationJson())
		}
		body(detail: [[
				type: 'value_error',
				loc : ['body'],
				msg : $(consumer('Value error, ttl_expires_at and ttl_days are required for temporary files'), producer(regex('.*ttl.*')))
		]])
	}
}
