package dev.ordersaga.testsupport;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Inherited;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Points a Spring test's application context at the JVM's shared real PostgreSQL and Kafka: the
 * datasource logs in as the role named after {@code spring.application.name} (owning the schema of
 * the same name), and {@code spring.kafka.bootstrap-servers} is the test broker, where a service of
 * the saga logs in as its own principal, with its ACLs, and any other application as the admin
 * ({@link TestInfrastructure#springProperties(String)}). An application that plays more than one
 * service picks its principal with the property {@value TestInfrastructure#KAFKA_PRINCIPAL_PROPERTY}.
 */
@Target(ElementType.TYPE)
@Retention(RetentionPolicy.RUNTIME)
@Documented
@Inherited
public @interface RealInfrastructure {
}
