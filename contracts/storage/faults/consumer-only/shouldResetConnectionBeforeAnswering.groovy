import org.springframework.cloud.contract.spec.Contract

Contract.make {
	description '''Fault contract, consumer side only. A storage element that dies while it handles an upload
(a crash, an OOM kill, a network partition) resets the connection before its answer is complete; whether
the file was stored is unknown. In the stub, every element whose base path ends in "-reset-<n>" reads the
upload and then resets the connection. No producer can show this on request, so no test is generated for
it (the contract plugin's excludedFiles, "**/consumer-only/**"); ContractOutputTests checks that it still
produced a stub.'''
	priority 10
	request {
		method POST()
		url $(consumer(regex('(/[A-Za-z0-9._-]+)*/[A-Za-z0-9._-]+-reset-[0-9]+/api/v1/files/upload')), producer('/se-edit-reset-01/api/v1/files/upload'))
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
		status CREATED()
	}
	metadata([wiremock: [stubMapping: '{"response": {"fault": "CONNECTION_RESET_BY_PEER"}}']])
}
