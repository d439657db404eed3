package dev.ordersaga.analytics.console;

import org.junit.jupiter.api.Test;
import tools.jackson.databind.json.JsonMapper;

import static org.assertj.core.api.Assertions.assertThat;

/** How the console's messaging panel reads a service's consumer lag from its status. */
class MessagingPanelTest {

	private final JsonMapper json = JsonMapper.builder().build();

	@Test
	void consumerLagIsTheSumOverThePartitionsWhoseLagIsKnown() {
		assertThat(MessagingPanel.consumerLag(json.readTree("""
				{"consumerLag":[{"topic":"orders.v1","partition":0,"lag":3},
				 {"topic":"orders.v1","partition":1,"lag":null},{"topic":"payments.v1","partition":2,"lag":4}]}
				"""))).isEqualTo(7L);
	}

	@Test
	void consumerLagIsUnknownWithoutAPartitionWhoseLagIsKnown() {
		assertThat(MessagingPanel.consumerLag(json.readTree("""
				{"consumerLag":[{"topic":"orders.v1","partition":0,"lag":null}]}
				"""))).isNull();
		assertThat(MessagingPanel.consumerLag(json.readTree("{\"consumerLag\":[]}"))).isNull();
		assertThat(MessagingPanel.consumerLag(json.readTree("{}"))).isNull();
		assertThat(MessagingPanel.consumerLag(null)).isNull();
	}

}
