package dev.ordersaga.messaging.inbox;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Marks a bean method that handles one integration event type, e.g.
 * {@code @IntegrationEventHandler void on(PaymentCompleted event)}. The first parameter is the
 * latest version's record of the event (older versions are upcast before the call); an optional
 * second parameter of type {@link EventMetadata} receives the envelope's metadata.
 * <p>
 * The method runs inside the inbox transaction: the inbox row, the handler's state change and any
 * events it appends to the outbox commit together, exactly once per event id. It is consumed from
 * the event's topic in this service's consumer group. Throwing an exception rolls all of it back;
 * the event is retried with backoff and then parked on the service's dead-letter topic.
 */
@Target(ElementType.METHOD)
@Retention(RetentionPolicy.RUNTIME)
@Documented
public @interface IntegrationEventHandler {
}
