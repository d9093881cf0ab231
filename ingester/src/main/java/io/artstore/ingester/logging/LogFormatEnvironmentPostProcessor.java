package io.artstore.ingester.logging;

import java.util.Map;

import org.springframework.boot.EnvironmentPostProcessor;
import org.springframework.boot.SpringApplication;
import org.springframework.core.Ordered;
import org.springframework.core.env.ConfigurableEnvironment;
import org.springframework.core.env.MapPropertySource;

/**
 * Turns structured console logging (JSON, the default in {@code application.yml}) into
 * readable text when {@code LOG_FORMAT=text}, as an environment variable or a property.
 */
class LogFormatEnvironmentPostProcessor implements EnvironmentPostProcessor, Ordered {

	static final String LOG_FORMAT = "LOG_FORMAT";

	@Override
	public void postProcessEnvironment(ConfigurableEnvironment environment, SpringApplication application) {
		if ("text".equalsIgnoreCase(environment.getProperty(LOG_FORMAT))) {
			environment.getPropertySources()
				.addFirst(new MapPropertySource("logFormatText", Map.of("logging.structured.format.console", "")));
		}
	}

	@Override
	public int getOrder() {
		return Ordered.LOWEST_PRECEDENCE;
	}

}
