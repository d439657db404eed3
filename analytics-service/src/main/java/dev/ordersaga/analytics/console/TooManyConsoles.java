package dev.ordersaga.analytics.console;

/** The live feed has as many consoles as it takes; answered with 503. */
public class TooManyConsoles extends RuntimeException {

	TooManyConsoles(int max) {
		super("The live feed already serves " + max + " consoles (analytics.console.max-subscribers)");
	}
}
