package io.artstore.ingester.support;

import java.util.Objects;

import io.r2dbc.spi.ConnectionFactoryOptions;
import org.testcontainers.containers.GenericContainer;
import org.testcontainers.postgresql.PostgreSQLContainer;

import org.springframework.boot.data.redis.autoconfigure.DataRedisConnectionDetails;
import org.springframework.boot.liquibase.autoconfigure.LiquibaseConnectionDetails;
import org.springframework.boot.r2dbc.autoconfigure.R2dbcConnectionDetails;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.boot.testcontainers.service.connection.ServiceConnection;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Condition;
import org.springframework.context.annotation.ConditionContext;
import org.springframework.context.annotation.Conditional;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.type.AnnotatedTypeMetadata;

/**
 * Connects a Spring context to this run's {@link TestServices}, the Spring Boot way:
 * {@code @ServiceConnection} containers where Testcontainers provides the services,
 * {@code ConnectionDetails} beans for local or embedded ones. Either way they take
 * precedence over the {@code spring.r2dbc}, {@code spring.liquibase} and
 * {@code spring.data.redis} properties of {@code application.yml}.
 */
@TestConfiguration(proxyBeanMethods = false)
public class TestServiceConnections {

	@Configuration(proxyBeanMethods = false)
	@Conditional(FromContainers.class)
	static class Containers {

		@Bean
		@ServiceConnection
		PostgreSQLContainer postgresContainer() {
			return Objects.requireNonNull(TestServices.get().postgresContainer());
		}

		@Bean
		@ServiceConnection(name = "redis")
		GenericContainer<?> redisContainer() {
			return Objects.requireNonNull(TestServices.get().redisContainer());
		}

	}

	@Configuration(proxyBeanMethods = false)
	@Conditional(FromRunningServers.class)
	static class RunningServers {

		@Bean
		R2dbcConnectionDetails r2dbcConnectionDetails() {
			TestServices.Database database = TestServices.get().database();
			return () -> ConnectionFactoryOptions.builder()
				.option(ConnectionFactoryOptions.DRIVER, "postgresql")
				.option(ConnectionFactoryOptions.HOST, database.host())
				.option(ConnectionFactoryOptions.PORT, database.port())
				.option(ConnectionFactoryOptions.DATABASE, database.name())
				.option(ConnectionFactoryOptions.USER, database.username())
				.option(ConnectionFactoryOptions.PASSWORD, database.password())
				.build();
		}

		@Bean
		LiquibaseConnectionDetails liquibaseConnectionDetails() {
			TestServices.Database database = TestServices.get().database();
			return new LiquibaseConnectionDetails() {

				@Override
				public String getUsername() {
					return database.username();
				}

				@Override
				public String getPassword() {
					return database.password();
				}

				@Override
				public String getJdbcUrl() {
					return database.jdbcUrl();
				}

			};
		}

		@Bean
		DataRedisConnectionDetails redisConnectionDetails() {
			TestServices.Redis redis = TestServices.get().redis();
			return new DataRedisConnectionDetails() {

				@Override
				public Standalone getStandalone() {
					return Standalone.of(redis.host(), redis.port());
				}

			};
		}

	}

	static class FromContainers implements Condition {

		@Override
		public boolean matches(ConditionContext context, AnnotatedTypeMetadata metadata) {
			return TestServices.get().database().source() == TestServices.Source.TESTCONTAINERS;
		}

	}

	static class FromRunningServers implements Condition {

		@Override
		public boolean matches(ConditionContext context, AnnotatedTypeMetadata metadata) {
			return TestServices.get().database().source() != TestServices.Source.TESTCONTAINERS;
		}

	}

}
