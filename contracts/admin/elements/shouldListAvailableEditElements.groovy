import org.springframework.cloud.contract.spec.Contract

Contract.make {
	description '''Storage elements in edit mode that take files now (where temporary files go), lowest priority first.
The stub world: se-edit-01 and se-edit-02 take files, se-edit-03 reports capacity_status full.
Stub api_url values use the placeholder host storage.stub; consumers map it to the storage stub's real address.
The Admin Module lists only the elements it has found online, and says so with health_status "healthy"
(the literal at BigKAA/artStore 68241ca; its single-element lookup also says "unhealthy").'''
	priority 10
	request {
		method GET()
		urlPath('/api/v1/internal/storage-elements/available') {
			queryParameters {
				parameter 'mode': 'edit'
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
						id             : $(consumer(1), producer(regex('[0-9]+'))),
						element_id     : $(consumer('se-edit-01'), producer(regex('[A-Za-z0-9._-]+'))),
						name           : $(consumer('Storage element se-edit-01'), producer(regex('.+'))),
						mode           : 'edit',
						priority       : $(consumer(10), producer(regex('[0-9]+'))),
						api_url        : $(consumer('http://storage.stub/se-edit-01'), producer(regex('https?://.+'))),
						capacity_bytes : $(consumer(1099511627776), producer(regex('[0-9]+'))),
						used_bytes     : $(consumer(107374182400), producer(regex('[0-9]+'))),
						health_status  : 'healthy',
						capacity_status: $(consumer('ok'), producer(regex('(ok|warning|critical|full)')))
				],
				[
						id             : $(consumer(2), producer(regex('[0-9]+'))),
						element_id     : $(consumer('se-edit-02'), producer(regex('[A-Za-z0-9._-]+'))),
						name           : $(consumer('Storage element se-edit-02'), producer(regex('.+'))),
						mode           : 'edit',
						priority       : $(consumer(20), producer(regex('[0-9]+'))),
						api_url        : $(consumer('http://storage.stub/se-edit-02'), producer(regex('https?://.+'))),
						capacity_bytes : $(consumer(1099511627776), producer(regex('[0-9]+'))),
						used_bytes     : $(consumer(214748364800), producer(regex('[0-9]+'))),
						health_status  : 'healthy',
						capacity_status: $(consumer('ok'), producer(regex('(ok|warning|critical|full)')))
				],
				[
						id             : $(consumer(3), producer(regex('[0-9]+'))),
						element_id     : $(consumer('se-edit-03'), producer(regex('[A-Za-z0-9._-]+'))),
						name           : $(consumer('Storage element se-edit-03'), producer(regex('.+'))),
						mode           : 'edit',
						priority       : $(consumer(30), producer(regex('[0-9]+'))),
						api_url        : $(consumer('http://storage.stub/se-edit-03'), producer(regex('https?://.+'))),
						capacity_bytes : $(consumer(1099511627776), producer(regex('[0-9]+'))),
						used_bytes     : $(consumer(1099511627776), producer(regex('[0-9]+'))),
						health_status  : 'healthy',
						capacity_status: $(consumer('full'), producer(regex('(ok|warning|critical|full)')))
				]
				],
				total: $(consumer(3), producer(regex('[0-9]+'))))
	}
}
