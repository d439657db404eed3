package dev.ordersaga.messaging;

import java.time.Instant;
import java.util.UUID;

import dev.ordersaga.contracts.EventCatalog;
import dev.ordersaga.contracts.EventCodec;
import dev.ordersaga.contracts.order.v2.OrderPlaced;

/** The size on the wire of a benchmark event's envelope. */
public final class EventJsonSize {

	private EventJsonSize() {
	}

	public static int of(EventCodec codec, OrderPlaced event) {
		return codec.write(codec.envelope(EventCatalog.ORDER_PLACED_V2, event, UUID.randomUUID(), Instant.now(),
				"order-service", UUID.randomUUID().toString(), UUID.randomUUID(),
				"00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01")).length;
	}
}
