package dev.ordersaga.analytics.rebuild;

/** Another rebuild holds the rebuild lock (in this instance or another); answered with 409. */
public class RebuildAlreadyRunning extends RuntimeException {

	RebuildAlreadyRunning() {
		super("A rebuild of the read models is already running; wait for it to finish");
	}
}
