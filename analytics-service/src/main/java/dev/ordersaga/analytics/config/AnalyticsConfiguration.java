package dev.ordersaga.analytics.config;

import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Configuration;
import org.springframework.web.servlet.config.annotation.ViewControllerRegistry;
import org.springframework.web.servlet.config.annotation.WebMvcConfigurer;

import dev.ordersaga.analytics.console.ConsoleSettings;
import dev.ordersaga.analytics.rebuild.RebuildSettings;

/** The service's settings, and {@code /console} leading to the console's page. */
@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties({ RebuildSettings.class, ConsoleSettings.class })
class AnalyticsConfiguration implements WebMvcConfigurer {

	@Override
	public void addViewControllers(ViewControllerRegistry registry) {
		registry.addRedirectViewController("/console", "/console/index.html");
		registry.addRedirectViewController("/console/", "/console/index.html");
	}
}
