package dev.ordersaga.servicesupport.web;

import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnWebApplication;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.web.servlet.FilterRegistrationBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.Ordered;
import org.springframework.web.servlet.config.annotation.InterceptorRegistry;
import org.springframework.web.servlet.config.annotation.WebMvcConfigurer;

/**
 * Auto-configuration of what every service's web layer shares: the {@link RequestBodyLimitFilter}
 * first, then the {@link CorrelationIdFilter}, early in the filter chain so the correlation id is
 * open for everything the request runs. Only in
 * a servlet web application: a relay or a consumer runs without a web server too. Backs off when the
 * application registers its own.
 */
@AutoConfiguration
@ConditionalOnWebApplication(type = ConditionalOnWebApplication.Type.SERVLET)
@EnableConfigurationProperties(WebSettings.class)
public class ServiceSupportAutoConfiguration {

	@Bean
	@ConditionalOnMissingBean
	FilterRegistrationBean<RequestBodyLimitFilter> requestBodyLimitFilter(WebSettings settings) {
		FilterRegistrationBean<RequestBodyLimitFilter> registration = new FilterRegistrationBean<>(
				new RequestBodyLimitFilter(settings.maxRequestBody().toBytes()));
		registration.setOrder(Ordered.HIGHEST_PRECEDENCE + 5);
		return registration;
	}

	/** Only with the messaging library: the correlation id goes into the events a request writes. */
	@Configuration(proxyBeanMethods = false)
	@ConditionalOnClass(name = "dev.ordersaga.messaging.MessagingContext")
	static class CorrelationIdConfiguration {

		@Bean
		@ConditionalOnMissingBean
		FilterRegistrationBean<CorrelationIdFilter> correlationIdFilter() {
			FilterRegistrationBean<CorrelationIdFilter> registration = new FilterRegistrationBean<>(
					new CorrelationIdFilter());
			registration.setOrder(Ordered.HIGHEST_PRECEDENCE + 10);
			return registration;
		}

		/** The order a request is about goes into the MDC beside the correlation id. */
		@Bean
		WebMvcConfigurer orderIdLogging() {
			return new WebMvcConfigurer() {
				@Override
				public void addInterceptors(InterceptorRegistry registry) {
					registry.addInterceptor(new OrderIdLogging());
				}
			};
		}
	}
}
