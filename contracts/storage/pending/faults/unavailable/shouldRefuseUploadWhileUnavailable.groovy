import org.springframework.cloud.contract.spec.Contract

Contract.make {
	description '''Pending fault contract (asks the Storage team for a draining state; the element at BigKAA/artStore
68241ca never answers 503 on upload). A storage element that cannot take uploads for a while (starting,
draining before a shutdown, its disk remounting) refuses one with 503 Service Unavailable and Retry-After,
having stored nothing: a consumer can try another element at once and this one again later. In the stub,
every element whose base path ends in "-unavailable-<n>" answers this way. Verified against a reference
element that is draining; the verifier strips the stub's element prefix "/se-edit-unavailable-01" from the
producer-side path.'''
	priority 10
	request {
		method POST()
		url $(consumer(regex('(/[A-Za-z0-9._-]+)*/[A-Za-z0-9._-]+-unavailable-[0-9]+/api/v1/files/upload')), producer('/se-edit-unavailable-01/api/v1/files/upload'))
		headers {
			header(authorization(), $(consumer(regex('Bearer .+')), producer('Bearer contract-verifier-token')))
			contentType('multipart/form-data')
		}
		multipart(
				file: named(
						name: $(consumer(regex('.+')), producer('sample.txt')),
						content: $(consumer(regex('[\\S\\s]+')), producer('artstore sample file'))),
				retention_policy: $(consumer(regex('(temporary|permanent)')), producer('temporary')))
	}
	response {
		status SERVICE_UNAVAILABLE()
		headers {
			contentType(applicationJson())
			header('Retry-After', $(consumer('30'), producer(regex('[1-9][0-9]*'))))
		}
		body(detail: $(consumer('Storage element is not accepting uploads'), producer(regex('.+'))))
	}
}
