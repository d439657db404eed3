package dev.ordersaga.contracts;

import java.util.stream.Stream;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

class SuiteServiceTest {

	@Test
	void theSagaIsTheFiveServicesInTheSuitesOrder() {
		assertThat(SuiteService.sagaNames()).containsExactly("order-service", "payment-service", "inventory-service",
				"notification-service", "analytics-service");
		assertThat(SuiteService.AUTH_SERVER.inSaga()).isFalse();
	}

	@Test
	void everyProducerAndConsumerOfATopicIsAServiceOfTheSaga() {
		assertThat(Topics.all().stream().flatMap(topic -> Stream.concat(Stream.of(topic.producer()),
				topic.consumers().stream())))
			.allSatisfy(name -> assertThat(SuiteService.named(name).inSaga()).isTrue());
		assertThat(SuiteService.sagaNames()).containsExactlyInAnyOrderElementsOf(KafkaPrincipals.services());
	}

	@Test
	void derivesSchemaManagementPortAndTopicsFromTheName() {
		assertThat(SuiteService.ORDER.schema()).isEqualTo("order_service");
		assertThat(SuiteService.ORDER.managementPort()).isEqualTo(9081);
		assertThat(SuiteService.INVENTORY.publishes()).containsExactly(Topics.INVENTORY, Topics.CATALOG);
		assertThat(SuiteService.ORDER.consumes()).containsExactly(Topics.PAYMENTS, Topics.INVENTORY, Topics.CATALOG);
		assertThat(SuiteService.ANALYTICS.publishes()).isEmpty();
	}

	@Test
	void authServerKeepsItsActuatorOnItsOwnPortAndHasNoTopics() {
		assertThat(SuiteService.AUTH_SERVER.managementPort()).isEqualTo(SuiteService.AUTH_SERVER.port()).isEqualTo(9000);
		assertThat(SuiteService.AUTH_SERVER.schema()).isEqualTo("auth_server");
		assertThat(SuiteService.AUTH_SERVER.publishes()).isEmpty();
		assertThat(SuiteService.AUTH_SERVER.consumes()).isEmpty();
	}

	@Test
	void everyPortIsTheSuitesOnce() {
		assertThat(Stream.of(SuiteService.values()).flatMap(service -> service == SuiteService.AUTH_SERVER
				? Stream.of(service.port()) : Stream.of(service.port(), service.managementPort())))
			.doesNotHaveDuplicates();
	}

	@Test
	void findsAServiceByNameAndRefusesAnUnknownOne() {
		assertThat(SuiteService.named("payment-service")).isEqualTo(SuiteService.PAYMENT);
		assertThatIllegalArgumentException().isThrownBy(() -> SuiteService.named("shipping-service"));
	}
}
