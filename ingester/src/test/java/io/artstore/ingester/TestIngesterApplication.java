package io.artstore.ingester;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

import org.springframework.boot.SpringApplication;

import io.artstore.ingester.support.IngesterTestProperties;
import io.artstore.ingester.support.TestServiceConnections;

/**
 * Runs the ingester for development, with everything it needs: the reference Admin Module
 * and two reference storage elements (edit and rw), which behave like the real services
 * at the pinned upstream commit and keep what they are sent under
 * {@code ingester/target/dev-run}, and PostgreSQL and Redis from
 * {@link io.artstore.ingester.support.TestServices} (Testcontainers, local services or
 * embedded ones, as the tests get them). Any file uploads: the element computes its
 * checksum, the Admin Module registers it. On start it prints {@code curl} commands, with
 * a development token, that upload a file and then ask the registry and the element about
 * it. Run it from the repository root with
 * {@code ./mvnw -pl ingester -am -DskipTests package spring-boot:test-run}, or from the
 * IDE.
 */
public final class TestIngesterApplication {

	private TestIngesterApplication() {
	}

	public static void main(String[] args) {
		ReferenceServices services = ReferenceServices.start(Path.of("target", "dev-run"));
		Map<String, String> properties = IngesterTestProperties.withAdminModule(services.admin().toString(),
				ReferenceServices.INGESTER_SECRET);
		// the development token printed on start lives 12 hours, not an access token's 30
		// minutes
		properties.put("ingester.security.jwt.max-lifetime", DevelopmentServices.TOKEN_LIFETIME.toString());
		properties.put(DevelopmentServices.ADMIN_URL, services.admin().toString());
		properties.put(DevelopmentServices.EDIT_URL, services.edit().toString());
		List<String> arguments = new ArrayList<>();
		properties.forEach((name, value) -> {
			if (Arrays.stream(args).noneMatch((arg) -> arg.startsWith("--" + name + "="))) {
				arguments.add("--" + name + "=" + value);
			}
		});
		arguments.addAll(List.of(args));
		SpringApplication.from(IngesterApplication::main)
			.with(DevelopmentServices.class, TestServiceConnections.class)
			.run(arguments.toArray(String[]::new));
	}

}
