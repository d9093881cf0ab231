package io.artstore.ingester;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

import org.springframework.boot.SpringApplication;
import org.springframework.test.util.TestSocketUtils;

import io.artstore.ingester.support.IngesterTestProperties;
import io.artstore.ingester.support.TestServiceConnections;

/**
 * Runs the ingester for development, with everything it needs: the Admin and Storage
 * stubs served by Stub Runner from the contract stub jars, and PostgreSQL and Redis from
 * {@link io.artstore.ingester.support.TestServices} (Testcontainers, local services or
 * embedded ones, as the tests get them). On start it prints a {@code curl} command, with
 * a development token, that uploads a file. Run it from the repository root with
 * {@code ./mvnw -pl ingester -am -DskipTests package spring-boot:test-run}, or from the
 * IDE.
 */
public final class TestIngesterApplication {

	private TestIngesterApplication() {
	}

	public static void main(String[] args) {
		List<String> arguments = new ArrayList<>();
		Map<String, String> properties = IngesterTestProperties.withStubs(TestSocketUtils.findAvailableTcpPort(),
				TestSocketUtils.findAvailableTcpPort());
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
