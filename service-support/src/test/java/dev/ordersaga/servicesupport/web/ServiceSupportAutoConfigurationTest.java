package dev.ordersaga.servicesupport.web;

import jakarta.servlet.Filter;

import org.junit.jupiter.api.Test;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.boot.test.context.runner.WebApplicationContextRunner;
import org.springframework.boot.web.servlet.FilterRegistrationBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.Ordered;
import org.springframework.web.filter.CharacterEncodingFilter;

import static org.assertj.core.api.Assertions.assertThat;

class ServiceSupportAutoConfigurationTest {

	private final WebApplicationContextRunner servletApplication = new WebApplicationContextRunner()
		.withConfiguration(AutoConfigurations.of(ServiceSupportAutoConfiguration.class));

	@Test
	void registersTheCorrelationFilterEarlyInAServletWebApplication() {
		servletApplication.run(context -> {
			assertThat(context).hasNotFailed().hasBean("correlationIdFilter");
			FilterRegistrationBean<?> registration = context.getBean("correlationIdFilter",
					FilterRegistrationBean.class);
			assertThat(registration.getFilter()).isInstanceOf(CorrelationIdFilter.class);
			assertThat(registration.getOrder()).isEqualTo(Ordered.HIGHEST_PRECEDENCE + 10);
		});
	}

	@Test
	void backsOffWhenTheApplicationRegistersItsOwnCorrelationFilter() {
		servletApplication.withUserConfiguration(OwnCorrelationFilter.class)
			.run(context -> assertThat(context).hasNotFailed()
				.doesNotHaveBean("correlationIdFilter")
				.getBean("ownCorrelationIdFilter")
				.isSameAs(OwnCorrelationFilter.REGISTRATION));
	}

	@Test
	void keepsTheCorrelationFilterBesideTheApplicationsOtherFilters() {
		servletApplication.withUserConfiguration(OtherFilter.class)
			.run(context -> assertThat(context).hasNotFailed()
				.hasBean("correlationIdFilter")
				.hasBean("characterEncoding"));
	}

	@Test
	void capsRequestBodiesBeforeAnythingElseRuns() {
		servletApplication.withPropertyValues("ordersaga.web.max-request-body=2KB").run(context -> {
			FilterRegistrationBean<?> registration = context.getBean("requestBodyLimitFilter",
					FilterRegistrationBean.class);
			assertThat(registration.getFilter()).isInstanceOf(RequestBodyLimitFilter.class);
			assertThat(registration.getOrder()).isLessThan(Ordered.HIGHEST_PRECEDENCE + 10);
			assertThat(context.getBean(WebSettings.class).maxRequestBody().toBytes()).isEqualTo(2048);
		});
	}

	@Test
	void refusesToStartWithANonPositiveBodyLimit() {
		servletApplication.withPropertyValues("ordersaga.web.max-request-body=0B")
			.run(context -> assertThat(context).hasFailed()
				.getFailure()
				.rootCause()
				.hasMessageContaining("ordersaga.web.max-request-body must be positive"));
	}

	@Test
	void registersNoFilterWithoutAWebServer() {
		new ApplicationContextRunner().withConfiguration(AutoConfigurations.of(ServiceSupportAutoConfiguration.class))
			.run(context -> assertThat(context).hasNotFailed().doesNotHaveBean(FilterRegistrationBean.class));
	}

	@Configuration(proxyBeanMethods = false)
	static class OwnCorrelationFilter {

		static final FilterRegistrationBean<CorrelationIdFilter> REGISTRATION = new FilterRegistrationBean<>(
				new CorrelationIdFilter());

		@Bean
		FilterRegistrationBean<CorrelationIdFilter> ownCorrelationIdFilter() {
			return REGISTRATION;
		}
	}

	@Configuration(proxyBeanMethods = false)
	static class OtherFilter {

		@Bean
		FilterRegistrationBean<Filter> characterEncoding() {
			return new FilterRegistrationBean<>(new CharacterEncodingFilter("UTF-8"));
		}
	}
}
