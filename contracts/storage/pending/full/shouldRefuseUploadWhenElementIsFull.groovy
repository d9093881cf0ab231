import org.springframework.cloud.contract.spec.Contract

Contract.make {
	description '''Pending (asks the Storage team to enforce STORAGE_MAX_SIZE): a storage element that is out of space
refuses an upload with 507 Insufficient Storage, having stored nothing, so that a consumer can try another
element at once. The element at BigKAA/artStore 68241ca does not enforce its capacity on upload (a full disk
ends in 500 "Failed to create file"); the ingester treats a 500 as an uncertain outcome and settles it.
In the stub, every element whose base path ends in "-full-<n>" (for example se-rw-full-01) is out of space.
Verified against a producer that has no free space (-Dproducer.full-url for a live one); the verifier
strips the stub's element prefix "/se-rw-full-01" from the producer-side path.'''
	priority 10
	request {
		method POST()
		url $(consumer(regex('(/[A-Za-z0-9._-]+)*/[A-Za-z0-9._-]+-full-[0-9]+/api/v1/files/upload')), producer('/se-rw-full-01/api/v1/files/upload'))
		headers {
			header(authorization(), $(consumer(regex('Bearer .+')), producer('Bearer contract-verifier-token')))
			contentType('multipart/form-data')
		}
		multipart(
				file: named(
						name: $(consumer(regex('.+')), producer('sample.txt')),
						content: $(consumer(regex('[\\S\\s]+')), producer('artstore sample file'))),
				description: $(consumer(regex('[\\S\\s]*')), producer('contract sample')),
				retention_policy: $(consumer(regex('(temporary|permanent)')), producer('permanent')))
	}
	response {
		status INSUFFICIENT_STORAGE()
		headers {
			contentType(applicationJson())
		}
		body(detail: $(consumer('Insufficient storage space'), producer(regex('.+'))))
	}
}
