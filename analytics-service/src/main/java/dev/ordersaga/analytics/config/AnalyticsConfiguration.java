package dev.ordersaga.analytics.config;

import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Configuration;

import dev.ordersaga.analytics.rebuild.RebuildSettings;

/** The service's settings. */
@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties(RebuildSettings.class)
class AnalyticsConfiguration {
}
