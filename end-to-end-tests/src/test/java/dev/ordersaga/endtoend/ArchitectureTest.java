package dev.ordersaga.endtoend;

import java.util.List;
import java.util.stream.Stream;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.Test;

import dev.ordersaga.contracts.KafkaPrincipals;
import dev.ordersaga.contracts.SuiteService;

import static com.tngtech.archunit.core.domain.JavaClass.Predicates.resideInAnyPackage;
import static com.tngtech.archunit.core.domain.JavaClass.Predicates.resideOutsideOfPackage;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.classes;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

/**
 * The architecture the suite promises, checked on the compiled services: services know each other
 * only through the event contracts, share only the contracts, the messaging library and
 * service-support, and only the messaging library talks to Kafka.
 */
class ArchitectureTest {

	/** Each saga service's base package under {@code dev.ordersaga}: {@code order-service} → {@code order}. */
	static final List<String> SERVICES = SuiteService.sagaNames().stream()
		.map(name -> name.substring(0, name.indexOf('-')))
		.toList();

	static final JavaClasses CLASSES = new ClassFileImporter().withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
		.importPackages("dev.ordersaga");

	@Test
	void noServiceDependsOnAnotherService() {
		for (String service : SERVICES) {
			for (String other : SERVICES) {
				if (!other.equals(service)) {
					noClasses().that()
						.resideInAPackage("dev.ordersaga." + service + "..")
						.should()
						.dependOnClassesThat()
						.resideInAPackage("dev.ordersaga." + other + "..")
						.because("services only exchange events")
						.check(CLASSES);
				}
			}
		}
	}

	@Test
	void servicesDependOnlyOnContractsTheMessagingLibraryAndServiceSupport() {
		for (String service : SERVICES) {
			classes().that()
				.resideInAPackage("dev.ordersaga." + service + "..")
				.should()
				.onlyDependOnClassesThat(resideOutsideOfPackage("dev.ordersaga..").or(resideInAnyPackage(
						"dev.ordersaga." + service + "..", "dev.ordersaga.contracts..", "dev.ordersaga.messaging..",
						"dev.ordersaga.servicesupport..")))
				.because("what services share lives in those three modules")
				.check(CLASSES);
		}
	}

	/**
	 * Test infrastructure aside, which drives Kafka as any outside producer would, and the catalogue
	 * of Kafka principals and their ACLs, which only the tools that provision the broker use.
	 */
	@Test
	void onlyTheMessagingLibraryTalksToKafka() {
		noClasses().that()
			.resideOutsideOfPackages("dev.ordersaga.messaging..", "dev.ordersaga.testsupport..")
			.and()
			.doNotHaveFullyQualifiedName(KafkaPrincipals.class.getName())
			.should()
			.dependOnClassesThat()
			.resideInAnyPackage("org.apache.kafka..", "org.springframework.kafka..")
			.because("services publish through the outbox and consume through the inbox")
			.check(CLASSES);
	}

	@Test
	void servicesUseOnlyTheLibrarysPublicFace() {
		noClasses().that()
			.resideInAnyPackage(SERVICES.stream().map(service -> "dev.ordersaga." + service + "..").toArray(String[]::new))
			.should()
			.dependOnClassesThat()
			.haveFullyQualifiedName("dev.ordersaga.messaging.outbox.OutboxRelay")
			.orShould()
			.dependOnClassesThat()
			.haveFullyQualifiedName("dev.ordersaga.messaging.inbox.InboxProcessor")
			.check(CLASSES);
	}

	@Test
	void contractsDependOnNothingOfTheSuite() {
		noClasses().that()
			.resideInAPackage("dev.ordersaga.contracts..")
			.should()
			.dependOnClassesThat()
			.resideInAnyPackage(Stream.concat(Stream.of("messaging", "servicesupport"), SERVICES.stream())
				.map(module -> "dev.ordersaga." + module + "..")
				.toArray(String[]::new))
			.check(CLASSES);
	}
}
