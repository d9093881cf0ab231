package io.artstore.loadtests;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;

import io.gatling.javaapi.core.Body;
import io.gatling.javaapi.core.ChainBuilder;
import io.gatling.javaapi.core.PopulationBuilder;
import io.gatling.javaapi.core.ScenarioBuilder;
import io.gatling.javaapi.core.Simulation;
import io.gatling.javaapi.http.HttpProtocolBuilder;

import static io.gatling.javaapi.core.CoreDsl.ByteArrayBody;
import static io.gatling.javaapi.core.CoreDsl.RawFileBody;
import static io.gatling.javaapi.core.CoreDsl.atOnceUsers;
import static io.gatling.javaapi.core.CoreDsl.rampUsers;
import static io.gatling.javaapi.core.CoreDsl.exec;
import static io.gatling.javaapi.core.CoreDsl.repeat;
import static io.gatling.javaapi.core.CoreDsl.scenario;
import static io.gatling.javaapi.http.HttpDsl.http;
import static io.gatling.javaapi.http.HttpDsl.status;

/**
 * Uploads of one prebuilt multipart body to one upload URL, each answered 201: a closed
 * workload ({@code upload.clients} clients that each send their next upload when the last
 * is answered, {@code upload.requests} in all) or an open one ({@code upload.rate}
 * uploads a second, started on time whatever the answers, {@code upload.requests} in
 * all). Its settings are system properties, set by {@link GatlingLoad}, which runs it;
 * {@code ./mvnw -pl load-tests gatling:test -Dgatling.simulationClass=...UploadSimulation
 * -Dupload.url=... -Dupload.body=... -Dupload.token=...} runs it against any target.
 */
public class UploadSimulation extends Simulation {

	private static volatile long started;

	private static volatile long ended;

	/** Bodies up to this size are sent from memory; larger ones are read from disk. */
	private static final long IN_MEMORY_LIMIT = 4 * 1024 * 1024;

	public UploadSimulation() {
		String url = System.getProperty("upload.url");
		Path body = Path.of(System.getProperty("upload.body"));
		int requests = Integer.getInteger("upload.requests", 1000);
		int clients = Integer.getInteger("upload.clients", 1);
		double rate = Double.parseDouble(System.getProperty("upload.rate", "0"));

		HttpProtocolBuilder protocol = http.shareConnections()
			.disableWarmUp()
			.disableCaching()
			.header("Authorization", "Bearer " + System.getProperty("upload.token"))
			.contentTypeHeader(Payloads.CONTENT_TYPE);
		ChainBuilder upload = exec(http("upload").post(url).body(body(body)).check(status().is(201)));
		PopulationBuilder population;
		if (rate > 0) {
			ScenarioBuilder users = scenario("uploads at " + rate + "/s").exec(upload);
			// exactly so many users, evenly apart (constantUsersPerSec rounds its
			// duration down to whole seconds)
			population = users.injectOpen(
					rampUsers(requests).during(Duration.ofNanos(Math.max(1, Math.round(requests * 1e9 / rate)))));
		}
		else {
			int each = requests / clients;
			int remainder = requests % clients;
			ScenarioBuilder users = scenario(clients + " clients")
				.exec(repeat((session) -> each + ((session.userId() <= remainder) ? 1 : 0)).on(upload));
			population = users.injectOpen(atOnceUsers(clients));
		}
		setUp(population).protocols(protocol);
	}

	@Override
	public void before() {
		started = System.nanoTime();
	}

	@Override
	public void after() {
		ended = System.nanoTime();
	}

	/** The seconds from the start of the last run's workload to its last answer. */
	static double lastRunSeconds() {
		return (ended - started) / 1e9;
	}

	private static Body body(Path file) {
		try {
			return (Files.size(file) <= IN_MEMORY_LIMIT) ? ByteArrayBody(Files.readAllBytes(file))
					: RawFileBody(file.toAbsolutePath().toString());
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

}
