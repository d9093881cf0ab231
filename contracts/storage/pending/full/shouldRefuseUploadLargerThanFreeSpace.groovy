import org.springframework.cloud.contract.spec.Contract

Contract.make {
	description '''Pending (asks the Storage team to enforce STORAGE_MAX_SIZE): an upload larger than the element's
free space is refused with 507 before it is stored. In the stub, a file whose name contains "huge" is
refused by every element. Verified against a producer that has no free space (-Dproducer.full-url for a
live one).'''
	priority 20
	request {
		method POST()
		url $(consumer(regex('(/[A-Za-z0-9._-]+)*/api/v1/files/upload')), producer('/api/v1/files/upload'))
		headers {
			header(authorization(), $(consumer(regex('Bearer .+')), producer('Bearer contract-verifier-token')))
			contentType('multipart/form-data')
		}
		multipart(
				file: named(
						name: $(consumer(regex('.*huge.*')), producer('huge-scan.tiff')),
						content: $(consumer(regex('[\\S\\s]+')), producer('a scan that does not fit'))),
				description: $(consumer(regex('[\\S\\s]*')), producer('contract sample')),
				retention_policy: $(consumer(regex('(temporary|permanent)')), producer('temporary')))
	}
	response {
		status INSUFFICIENT_STORAGE()
		headers {
			contentType(applicationJson())
		}
		body(detail: $(consumer('Insufficient storage space'), producer(regex('.+'))))
	}
}
