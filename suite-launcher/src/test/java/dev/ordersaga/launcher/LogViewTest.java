package dev.ordersaga.launcher;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class LogViewTest {

	@Test
	void printsAnEcsEventWithTheSagasKeys() {
		String line = """
				{"@timestamp":"2026-12-04T16:46:09.820Z","log":{"level":"INFO","logger":"dev.ordersaga.payment.charge.Charging"},\
				"process":{"pid":4711,"thread":{"name":"kafka-consumer-1"}},"service":{"name":"payment-service"},\
				"message":"Charged 12.30 EUR","correlationId":"c-1","eventId":"6a1e3c4e-0000-4000-8000-000000000001",\
				"orderId":"84fe0d22-0714-455e-b9f6-ea2390ac3282","traceId":"4bf92f3577b34da6a3ce929d0e0e4736",\
				"ecs":{"version":"8.11"}}""";

		assertThat(LogView.format(line)).isEqualTo("2026-12-04T16:46:09.820Z INFO  [kafka-consumer-1] "
				+ "d.o.p.c.Charging : Charged 12.30 EUR  {orderId=84fe0d22-0714-455e-b9f6-ea2390ac3282 "
				+ "eventId=6a1e3c4e-0000-4000-8000-000000000001 correlationId=c-1 traceId=4bf92f3577b34da6a3ce929d0e0e4736}");
	}

	@Test
	void readsFlatKeysAndAppendsTheStackTrace() {
		String line = """
				{"@timestamp":"2026-12-04T16:46:10Z","log.level":"ERROR","process.thread.name":"main",\
				"log.logger":"Boot","message":"Failed","error.stack_trace":"java.lang.IllegalStateException: x\\n\\tat A.b(A.java:1)\\n"}""";

		assertThat(LogView.format(line)).isEqualTo("2026-12-04T16:46:10Z ERROR [main] Boot : Failed"
				+ System.lineSeparator() + "java.lang.IllegalStateException: x\n\tat A.b(A.java:1)");
	}

	@Test
	void printsWhatIsNotAJsonEventAsItIs() {
		assertThat(LogView.format("OpenJDK 64-Bit Server VM warning: Sharing is only supported")).isEqualTo(
				"OpenJDK 64-Bit Server VM warning: Sharing is only supported");
		assertThat(LogView.format("{not json")).isEqualTo("{not json");
		assertThat(LogView.format("{\"a\":1}")).isEqualTo("{\"a\":1}");
	}
}
