package dev.ordersaga.benchmarks.modulith;

import org.springframework.boot.autoconfigure.SpringBootApplication;

import dev.ordersaga.messaging.MessagingAutoConfiguration;

/**
 * The peer application: Spring Modulith's event publication registry on JDBC and its Kafka
 * externalization, as its starters configure them, without our messaging library (whose jar shares
 * the classpath only for our side's sake) and without Modulith's scheduled "moments" events.
 */
@SpringBootApplication(exclude = MessagingAutoConfiguration.class,
		excludeName = "org.springframework.modulith.moments.autoconfigure.MomentsAutoConfiguration")
public class ModulithPeer {
}
