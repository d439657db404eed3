package dev.ordersaga.benchmarks;

/**
 * What a steady phase achieved.
 *
 * @param achievedRate events per second the load achieved (below the target when it could not keep up)
 * @param latency the events' latencies, must not be {@literal null}
 */
record Steady(double achievedRate, LatencySummary latency) {
}
