package dev.ordersaga.contracts;

/**
 * The one place where older event versions become the latest: consumers only ever see the newest
 * record of each type. A new version of a type adds its step here.
 */
public final class Upcasters {

	private Upcasters() {
	}

	/**
	 * @param event an event of any catalogued version, must not be {@literal null}
	 * @return the same event in the latest version of its type (the event itself when it already is)
	 */
	public static IntegrationEvent upcast(IntegrationEvent event) {
		if (event instanceof dev.ordersaga.contracts.order.v1.OrderPlaced v1) {
			return dev.ordersaga.contracts.order.v2.OrderPlaced.from(v1);
		}
		return event;
	}
}
