import org.springframework.cloud.contract.spec.Contract

Contract.make {
	description '''Storage elements in rw mode that take files now (where permanent files go), lowest priority first.
The stub world: se-rw-full-01 answers every upload with 507 (its free space ran out since the Admin Module last looked), se-rw-02 takes files.
The Admin Module lists only the elements it has found online, and says so with health_status "healthy"
(the literal at BigKAA/artStore 68241ca; its single-element lookup also says "unhealthy").'''
	priority 10
	request {
		method GET()
		urlPath('/api/v1/internal/storage-elements/available') {
			queryParameters {
				parameter 'mode': 'rw'
			}
		}
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
				storage_elements: [
				[
						id             : $(consumer(11), producer(regex('[0-9]+'))),
						element_id     : $(consumer('se-rw-full-01'), producer(regex('[A-Za-z0-9._-]+'))),
						name           : $(consumer('Storage element se-rw-full-01'), producer(regex('.+'))),
						mode           : 'rw',
						priority       : $(consumer(10), producer(regex('[0-9]+'))),
						api_url        : $(consumer('http://storage.stub/se-rw-full-01'), producer(regex('https?://.+'))),
						capacity_bytes : $(consumer(1099511627776), producer(regex('[0-9]+'))),
						used_bytes     : $(consumer(1099511627000), producer(regex('[0-9]+'))),
						health_status  : 'healthy',
						capacity_status: $(consumer('warning'), producer(regex('(ok|warning|critical|full)')))
				],
				[
						id             : $(consumer(12), producer(regex('[0-9]+'))),
						element_id     : $(consumer('se-rw-02'), producer(regex('[A-Za-z0-9._-]+'))),
						name           : $(consumer('Storage element se-rw-02'), producer(regex('.+'))),
						mode           : 'rw',
						priority       : $(consumer(20), producer(regex('[0-9]+'))),
						api_url        : $(consumer('http://storage.stub/se-rw-02'), producer(regex('https?://.+'))),
						capacity_bytes : $(consumer(1099511627776), producer(regex('[0-9]+'))),
						used_bytes     : $(consumer(53687091200), producer(regex('[0-9]+'))),
						health_status  : 'healthy',
						capacity_status: $(consumer('ok'), producer(regex('(ok|warning|critical|full)')))
				]
				],
				total: $(consumer(2), producer(regex('[0-9]+'))))
	}
}
