package io.artstore.loadtests;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import reactor.netty.DisposableServer;

import org.springframework.web.reactive.function.client.WebClient;

import io.artstore.ingester.support.ForkedIngester;
import io.artstore.ingester.support.TestTokens;
import io.artstore.reference.admin.ReferenceAdminModule;

/**
 * Runs the ingester (forked, as deployed) in front of a storage element that this project
 * did not write, and checks that nothing is lost or left behind there: good uploads are
 * stored once (one with a form field after its file part too), and bodies that break
 * after the file part (which the element may then have stored already) leave no file. Run
 * by {@code bash benchmarks/check-independent-element}, which starts the Python stand-in
 * of artStore's element ({@code benchmarks/stand-ins}).
 */
public final class IndependentElementCheck {

	private static final String B = "independent-check";

	private IndependentElementCheck() {
	}

	/**
	 * Runs the check.
	 * @param args the element's base URL and the folder it stores files in
	 */
	public static void main(String[] args) throws IOException {
		String elementUrl = args[0];
		Path elementFiles = Path.of(args[1]);
		DisposableServer admin = ReferenceAdminModule.start(0);
		Map<String, String> properties = UploadBenchmark.ingesterProperties(elementUrl,
				ReferenceAdminModule.baseUrl(admin).toString());
		Path log = Path.of("target", "independent-element-check", "ingester.log");
		int failures = 0;
		try (ForkedIngester ingester = IngesterLaunch.asBuilt(Path.of(System.getProperty("ingester.jar")))
			.start("256m", properties, log)) {
			WebClient client = WebClient.builder()
				.baseUrl(ingester.baseUrl())
				.defaultHeaders((headers) -> headers.setBearerAuth(TestTokens.trusted().token("independent", "user")))
				.build();
			long before = count(elementFiles);
			int created = 0;
			for (int i = 0; i < 20; i++) {
				created += (send(client, file("good-" + i + ".txt", "content " + i) + "--" + B + "--\r\n") == 201) ? 1
						: 0;
			}
			Map<String, Integer> hostile = new LinkedHashMap<>();
			String stored = file("a.txt", "stored before the body broke");
			hostile.put("8 KiB of epilogue", send(client, stored + "--" + B + "--\r\n" + "e".repeat(8192)));
			hostile.put("no closing boundary", send(client, stored + "--" + B));
			hostile.put("a nameless part after the file",
					send(client, stored + "--" + B + "\r\nContent-Type: text/plain\r\n\r\nx\r\n--" + B + "--\r\n"));
			hostile.put("a second file part", send(client, stored + file("b.txt", "second") + "--" + B + "--\r\n"));
			String late = "--" + B + "\r\nContent-Disposition: form-data; name=\"description\"\r\n\r\nlate\r\n";
			hostile.put("a field given before and after the file",
					send(client, late + file("c.txt", "twice") + late + "--" + B + "--\r\n"));
			// a field after the file is part of the form: sent to the element after the
			// file
			created += (send(client, file("late.txt", "a field follows") + late + "--" + B + "--\r\n") == 201) ? 1 : 0;
			long after = count(elementFiles);
			System.out.printf("good uploads (one with a field after the file): %d of 21 answered 201%n", created);
			hostile.forEach((kind, status) -> System.out.printf("%s: %d%n", kind, status));
			System.out.printf("files on the element: %d before, %d after (expected %d after)%n", before, after,
					before + created);
			if (created != 21 || after != before + created
					|| hostile.values().stream().anyMatch((status) -> status != 400)) {
				failures++;
			}
		}
		finally {
			admin.disposeNow();
		}
		System.out.println((failures == 0) ? "PASSED" : "FAILED; the ingester's log: " + log.toAbsolutePath());
		System.exit(failures);
	}

	private static String file(String name, String content) {
		return "--" + B + "\r\nContent-Disposition: form-data; name=\"file\"; filename=\"" + name
				+ "\"\r\nContent-Type: text/plain\r\n\r\n" + content + "\r\n";
	}

	private static int send(WebClient client, String body) {
		return client.post()
			.uri("/api/v1/files/upload")
			.header("Content-Type", "multipart/form-data; boundary=" + B)
			.bodyValue(body.getBytes(StandardCharsets.UTF_8))
			.exchangeToMono((response) -> response.releaseBody().thenReturn(response.statusCode().value()))
			.block(Duration.ofSeconds(30));
	}

	private static long count(Path folder) {
		try (Stream<Path> files = Files.list(folder)) {
			return files.count();
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

}
