package dev.ordersaga.order.config;

import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Configuration;
import org.springframework.scheduling.annotation.EnableScheduling;

import dev.ordersaga.order.admission.AdmissionSettings;
import dev.ordersaga.order.saga.SagaSettings;

/** Settings, and the scheduler of the saga timeout. */
@Configuration(proxyBeanMethods = false)
@EnableScheduling
@EnableConfigurationProperties({ SagaSettings.class, AdmissionSettings.class })
class OrderServiceConfiguration {
}
