package dev.ordersaga.analytics.console;

import java.time.Instant;
import java.util.UUID;

import org.jspecify.annotations.Nullable;

import dev.ordersaga.analytics.projection.OrderStatus;

/**
 * One order as the console lists it.
 *
 * @param id the order, never {@literal null}
 * @param status where it stands, never {@literal null}
 * @param reason why it was cancelled, {@literal null} unless it was
 * @param total its total as a decimal string, {@literal null} until known
 * @param currency its currency, {@literal null} until known
 * @param placedAt when OrderPlaced occurred, {@literal null} until recorded
 * @param endedAt when it was confirmed or cancelled, {@literal null} until then
 * @param lastEvent the type of its latest event by occurrence, never {@literal null}
 * @param steps how many of its events were recorded
 */
public record ConsoleOrder(UUID id, OrderStatus status, @Nullable String reason, @Nullable String total,
		@Nullable String currency, @Nullable Instant placedAt, @Nullable Instant endedAt, String lastEvent, int steps) {
}
