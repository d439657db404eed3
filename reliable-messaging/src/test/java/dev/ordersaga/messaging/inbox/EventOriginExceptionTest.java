package dev.ordersaga.messaging.inbox;

import java.time.Instant;
import java.util.UUID;

import org.junit.jupiter.api.Test;

import dev.ordersaga.contracts.EventCatalog;
import dev.ordersaga.contracts.EventCodec;
import dev.ordersaga.contracts.EventEnvelope;
import dev.ordersaga.contracts.Topics;
import dev.ordersaga.messaging.testapp.TestPayments;

import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class EventOriginExceptionTest {

	final EventCodec codec = new EventCodec();

	@Test
	void acceptsAnEventOnItsTypesTopicFromThatTopicsOwner() {
		assertThatCode(() -> EventOriginException.check(Topics.PAYMENTS.name(), EventCatalog.PAYMENT_COMPLETED_V1,
				paymentCompletedBy("payment-service"))).doesNotThrowAnyException();
	}

	@Test
	void refusesAnEventOnAnotherTopicThanItsTypes() {
		assertThatThrownBy(() -> EventOriginException.check(Topics.ORDERS.name(), EventCatalog.PAYMENT_COMPLETED_V1,
				paymentCompletedBy("payment-service")))
			.isInstanceOf(EventOriginException.class)
			.hasMessage("PaymentCompleted v1 belongs on payments.v1, but came on orders.v1");
	}

	@Test
	void refusesAnEventNamingAnotherProducerThanTheTopicsOwner() {
		assertThatThrownBy(() -> EventOriginException.check(Topics.PAYMENTS.name(), EventCatalog.PAYMENT_COMPLETED_V1,
				paymentCompletedBy("order-service")))
			.isInstanceOf(EventOriginException.class)
			.hasMessageContaining("names the producer \"order-service\"; only payment-service publishes on payments.v1");
	}

	private EventEnvelope paymentCompletedBy(String producer) {
		UUID orderId = UUID.randomUUID();
		return codec.envelope(EventCatalog.PAYMENT_COMPLETED_V1, TestPayments.paymentCompleted(orderId),
				UUID.randomUUID(), Instant.now(), producer, UUID.randomUUID().toString(), null, null);
	}
}
