package dev.ordersaga.messaging;

import org.junit.jupiter.api.Test;

import org.springframework.boot.SpringApplication;
import org.springframework.mock.env.MockEnvironment;

import static org.assertj.core.api.Assertions.assertThat;

class ZipkinExportDefaultTest {

	private final ZipkinExportDefault exportDefault = new ZipkinExportDefault();

	@Test
	void exportsNothingWhereNoZipkinEndpointIsConfigured() {
		MockEnvironment environment = new MockEnvironment();

		exportDefault.postProcessEnvironment(environment, new SpringApplication());

		assertThat(environment.getProperty(ZipkinExportDefault.ENABLED, Boolean.class)).isFalse();
	}

	@Test
	void exportsWhereAZipkinEndpointIsConfigured() {
		MockEnvironment environment = new MockEnvironment().withProperty(ZipkinExportDefault.ENDPOINT,
				"http://127.0.0.1:9411/api/v2/spans");

		exportDefault.postProcessEnvironment(environment, new SpringApplication());

		assertThat(environment.getProperty(ZipkinExportDefault.ENABLED, Boolean.class)).isTrue();
	}

	@Test
	void leavesAnExplicitSettingAlone() {
		MockEnvironment environment = new MockEnvironment().withProperty(ZipkinExportDefault.ENABLED, "true");

		exportDefault.postProcessEnvironment(environment, new SpringApplication());

		assertThat(environment.getProperty(ZipkinExportDefault.ENABLED, Boolean.class)).isTrue();
	}
}
