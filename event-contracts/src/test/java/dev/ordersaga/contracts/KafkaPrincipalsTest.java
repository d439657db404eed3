package dev.ordersaga.contracts;

import java.util.List;

import org.apache.kafka.common.acl.AclBinding;
import org.apache.kafka.common.acl.AclOperation;
import org.apache.kafka.common.resource.PatternType;
import org.apache.kafka.common.resource.ResourceType;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

class KafkaPrincipalsTest {

	@Test
	void everyProducerAndConsumerOfASagaTopicIsAPrincipal() {
		assertThat(KafkaPrincipals.services()).containsExactly("analytics-service", "inventory-service",
				"notification-service", "order-service", "payment-service");
	}

	@Test
	void aServiceWritesOnlyItsOwnTopicsAndDeadLettersAndReadsOnlyWhatItConsumes() {
		List<AclBinding> acls = KafkaPrincipals.aclsOf("payment-service");

		assertThat(acls).allSatisfy(acl -> assertThat(acl.entry().principal()).isEqualTo("User:payment-service"));
		assertThat(topics(acls, AclOperation.WRITE)).containsExactlyInAnyOrder("payments.v1", "payment-service.dlt");
		assertThat(topics(acls, AclOperation.CREATE)).containsExactlyInAnyOrder("payments.v1", "payment-service.dlt");
		assertThat(topics(acls, AclOperation.READ)).containsExactlyInAnyOrder("orders.v1", "inventory.v1",
				"payment-service.dlt");
		assertThat(acls).filteredOn(acl -> acl.pattern().resourceType() == ResourceType.GROUP)
			.singleElement()
			.satisfies(group -> {
				assertThat(group.pattern().name()).isEqualTo("payment-service");
				assertThat(group.pattern().patternType()).isEqualTo(PatternType.PREFIXED);
			});
		assertThat(acls).noneMatch(acl -> acl.pattern().resourceType() == ResourceType.CLUSTER
				|| acl.pattern().patternType() != PatternType.LITERAL && acl.pattern().resourceType() == ResourceType.TOPIC);
	}

	@Test
	void aNameThatIsNoServiceOfTheSagaMayDoNothing() {
		assertThat(KafkaPrincipals.aclsOf("stranger")).isEmpty();
	}

	@Test
	void aLoginWithAQuoteInItsPasswordIsRefusedRatherThanBreakingTheJaasLine() {
		assertThatIllegalArgumentException().isThrownBy(() -> KafkaPrincipals.jaasConfig("order-service", "a\"b"));
		assertThat(KafkaPrincipals.clientLogin("order-service", "secret")).containsEntry("sasl.mechanism",
				"SCRAM-SHA-512");
	}

	private static List<String> topics(List<AclBinding> acls, AclOperation operation) {
		return acls.stream()
			.filter(acl -> acl.pattern().resourceType() == ResourceType.TOPIC && acl.entry().operation() == operation)
			.map(acl -> acl.pattern().name())
			.toList();
	}
}
