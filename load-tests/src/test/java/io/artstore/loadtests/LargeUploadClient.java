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
		double seconds(String url, Path body) {
			return GatlingLoad.run(url, body, 1, 1).all201().averageSeconds();
		}
	},

	CURL("curl") {
		@Override
		double seconds(String url, Path body) {
			return CurlUpload.seconds(url, body);
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
	 * @return the seconds the upload took
	 * @throws IllegalStateException if the answer is not 201: a refused upload's time is
	 * no throughput
	 */
	abstract double seconds(String url, Path body);

	String label() {
		return this.label;
	}

}
