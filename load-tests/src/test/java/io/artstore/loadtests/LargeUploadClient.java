package io.artstore.loadtests;

import java.nio.file.Path;

/**
 * What sends one large upload in the benchmarks: Gatling, which writes a file body 8 KiB
 * at a time, or curl, which writes 64 KiB at a time as {@code curl -F} and Python's
 * {@code requests} do.
 */
enum LargeUploadClient {

	GATLING("Gatling") {
		@Override
		double seconds(String url, Path body, String token) {
			return GatlingLoad.run(url, body, token, 1, 1).all201().averageSeconds();
		}
	},

	CURL("curl") {
		@Override
		double seconds(String url, Path body, String token) {
			return CurlUpload.seconds(url, body, token);
		}
	};

	private final String label;

	LargeUploadClient(String label) {
		this.label = label;
	}

	/**
	 * Sends one upload and waits for its answer.
	 * @param url where to
	 * @param body the prepared multipart body ({@link Payloads#multipart})
	 * @param token the bearer token
	 * @return the seconds the upload took
	 * @throws IllegalStateException if the answer is not 201: a refused upload's time is
	 * no throughput
	 */
	abstract double seconds(String url, Path body, String token);

	String label() {
		return this.label;
	}

}
