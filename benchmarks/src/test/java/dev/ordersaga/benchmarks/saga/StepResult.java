package dev.ordersaga.benchmarks.saga;

import java.util.Map;

import dev.ordersaga.benchmarks.LatencySummary;

/**
 * What one rate of the sweep did.
 *
 * @param rate orders per second asked for
 * @param accepted orders order-service accepted (202)
 * @param refused orders it did not accept, or that got no answer
 * @param shed the refused orders answered 429 (Too Many Requests): load shed at the door
 * @param placedPerSecond accepted orders per second of the step
 * @param endedPerSecond orders that ended, per second from the step's first due time to its last end
 * @param outcomes ended orders by outcome ({@code CONFIRMED}, {@code CANCELLED <reason>})
 * @param unfinished accepted orders that had not ended when the drain gave up
 * @param latency due time → the order's terminal event; unfinished orders are its {@code missing}
 * @param saga OrderPlaced → the terminal event, both stamped by order-service
 * @param http due time → order-service's answer to the POST
 * @param quietAfterSeconds seconds after the last order until every order ended and every outbox and
 * consumer group was empty; negative when that did not happen within the drain
 * @param outboxPeak rows waiting in each service's outbox, the most seen
 * @param lagPeak records each service's consumer group had not read yet, the most seen
 * @param cpuPercent each process's CPU while the orders were placed, 100 % = one core
 * @param heapPeakBytes each service's heap in use, the most seen
 * @param residentPeakBytes each process's resident memory, the most seen
 * @param relayHops insert → publication of the outbox rows created while the orders were placed,
 * read after the drain
 */
record StepResult(int rate, int accepted, int refused, int shed, double placedPerSecond, double endedPerSecond,
		Map<String, Long> outcomes, int unfinished, LatencySummary latency, LatencySummary saga, LatencySummary http,
		double quietAfterSeconds, Map<String, Long> outboxPeak, Map<String, Long> lagPeak, Map<String, Double> cpuPercent,
		Map<String, Long> heapPeakBytes, Map<String, Long> residentPeakBytes, RelayHops relayHops) {

	/** The p99 beyond which a step counts as overloaded and the sweep stops, whatever the goal. */
	static final double OVERLOADED_P99_MILLIS = 5_000;

	/**
	 * @return whether the suite failed this rate: it let accepted orders down (cancelled by TIMEOUT,
	 * unfinished, or work still queued after the drain), failed or did not answer more than 5 % of the
	 * orders, or, without shedding any load, accepted fewer than 95 % of them or let p99 pass
	 * {@value #OVERLOADED_P99_MILLIS} ms. The sweep stops after such a step, since higher rates only
	 * queue more. A step that shed load at the door and kept its accepted orders is overloaded, not
	 * failed: the sweep goes on, to show what shedding does at higher rates.
	 */
	boolean saturated() {
		return timedOut() > 0 || unfinished > 0 || quietAfterSeconds < 0 || unanswered() > 0.05 * (accepted + refused)
				|| (shed == 0 && (placedPerSecond < 0.95 * rate || latency.p99Millis() > OVERLOADED_P99_MILLIS));
	}

	/**
	 * @return whether the suite refused most orders with 429 (over 80 %, five times what it takes): the
	 * sweep stops there, since higher rates only refuse more
	 */
	boolean shedMost() {
		return shed > 0.8 * (accepted + refused);
	}

	/** @return accepted orders cancelled by the saga's deadline */
	long timedOut() {
		return outcomes.getOrDefault("CANCELLED TIMEOUT", 0L);
	}

	/** @return orders refused with anything but 429, or not answered */
	int unanswered() {
		return refused - shed;
	}
}
