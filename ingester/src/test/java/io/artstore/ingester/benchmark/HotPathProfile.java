package io.artstore.ingester.benchmark;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import reactor.netty.DisposableServer;

import org.springframework.util.FileSystemUtils;

import io.artstore.ingester.support.ForkedIngester;
import io.artstore.ingester.support.TestTokens;
import io.artstore.reference.admin.ReferenceAdminModule;
import io.artstore.reference.storage.ReferenceStorageElement;

/**
 * Profiles the small-upload hot path: a warmed-up ingester serves 10 KiB uploads from 50
 * clients while Java Flight Recorder samples it; prints the ingester's CPU per upload and
 * JFR's hot-method table. Run it with {@code bash benchmarks/profile}, which names the
 * element (the reference one, or a URL) and the JDK whose {@code jfr} tool reads the
 * recording.
 */
public final class HotPathProfile {

	private static final String UPLOAD = "/api/v1/files/upload";

	private HotPathProfile() {
	}

	/**
	 * Runs the profile.
	 * @param args the output folder, then optionally a storage element's base URL (else
	 * the reference element runs in this JVM)
	 */
	public static void main(String[] args) throws IOException {
		Path out = Path.of(args[0]).toAbsolutePath();
		Files.createDirectories(out);
		ReferenceStorageElement reference = null;
		DisposableServer elementServer = null;
		String elementUrl;
		if (args.length > 1) {
			elementUrl = args[1];
		}
		else {
			FileSystemUtils.deleteRecursively(out.resolve("element").toFile());
			reference = new ReferenceStorageElement(out.resolve("element"), "edit", Long.MAX_VALUE);
			elementServer = reference.start(0);
			elementUrl = ReferenceStorageElement.baseUrl(elementServer).toString();
		}
		DisposableServer admin = ReferenceAdminModule.start(0);
		Map<String, String> properties = UploadBenchmark.ingesterProperties(elementUrl,
				ReferenceAdminModule.baseUrl(admin).toString());
		String token = TestTokens.trusted().token("profile", "user");
		Path body = Payloads.multipart(out, 10 * 1024);
		try (ForkedIngester ingester = ForkedIngester.start("512m", properties, out.resolve("ingester.log"))) {
			String url = ingester.baseUrl() + UPLOAD;
			LoadClient.run(url, body, token, 8000, 10);
			Path recording = out.resolve("hot-path.jfr");
			jcmd(ingester.pid(), "JFR.start", "name=hot", "settings=profile");
			double cpuBefore = ProcessCpu.seconds(ingester.pid());
			LoadClient.Result saturated = LoadClient.measure(url, body, token, 6000, 50);
			double cpu = ProcessCpu.seconds(ingester.pid()) - cpuBefore;
			jcmd(ingester.pid(), "JFR.stop", "name=hot", "filename=" + recording);
			LoadClient.Result paced = LoadClient.runAtRate(url, body, token, 1000, 50, 100);
			System.out.printf("10 KiB, 50 clients: %.0f uploads/s, p50 %.1f ms, p99 %.1f ms, not 201: %d%n",
					saturated.requestsPerSecond(), saturated.p50Seconds() * 1000, saturated.p99Seconds() * 1000,
					saturated.failed());
			System.out.printf("ingester CPU per upload: %.2f ms%n", cpu * 1000 / 6000);
			System.out.printf("10 KiB at 100/s from 50 clients: p50 %.1f ms, p99 %.1f ms, not 201: %d%n",
					paced.p50Seconds() * 1000, paced.p99Seconds() * 1000, paced.failed());
			System.out.println("JFR recording: " + recording);
		}
		finally {
			admin.disposeNow();
			if (elementServer != null) {
				elementServer.disposeNow();
			}
		}
		System.exit(0);
	}

	private static void jcmd(long pid, String... command) {
		List<String> line = new java.util.ArrayList<>(
				List.of(Path.of(System.getProperty("java.home"), "bin", "jcmd").toString(), String.valueOf(pid)));
		line.addAll(List.of(command));
		try {
			Process process = new ProcessBuilder(line).redirectErrorStream(true).start();
			String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
			if (process.waitFor() != 0) {
				throw new IllegalStateException("jcmd " + String.join(" ", command) + " failed: " + output);
			}
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new IllegalStateException(ex);
		}
	}

}
