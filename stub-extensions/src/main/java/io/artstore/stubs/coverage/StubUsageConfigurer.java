package io.artstore.stubs.coverage;

import com.github.tomakehurst.wiremock.core.WireMockConfiguration;

import org.springframework.cloud.contract.stubrunner.HttpServerStubConfiguration;
import org.springframework.cloud.contract.stubrunner.provider.wiremock.WireMockHttpServerStubConfigurer;

/**
 * Adds {@link StubUsageRecorder} to every stub server Stub Runner starts. Set it with
 * {@code spring.cloud.contract.stubrunner.http-server-stub-configurer} or
 * {@code @AutoConfigureStubRunner(httpServerStubConfigurer = StubUsageConfigurer.class)}.
 * (A {@code WireMockExtensions} factory would reach the contract plugin too, which then
 * names every extension as a transformer of every generated stub.)
 */
public class StubUsageConfigurer extends WireMockHttpServerStubConfigurer {

	@Override
	public WireMockConfiguration configure(WireMockConfiguration httpStubConfiguration,
			HttpServerStubConfiguration httpServerStubConfiguration) {
		return httpStubConfiguration.extensions(new StubUsageRecorder());
	}

}
