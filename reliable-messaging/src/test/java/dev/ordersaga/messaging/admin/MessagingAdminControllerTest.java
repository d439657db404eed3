package dev.ordersaga.messaging.admin;

import java.security.Principal;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class MessagingAdminControllerTest {

	@Test
	void operatorIsThePrincipalThenTheOperatorHeaderThenAnonymous() {
		Principal alice = () -> "alice";

		assertThat(MessagingAdminController.operator(alice, "bob")).isEqualTo("alice");
		assertThat(MessagingAdminController.operator(null, "bob")).isEqualTo("bob");
		assertThat(MessagingAdminController.operator(null, "  ")).isEqualTo("anonymous");
		assertThat(MessagingAdminController.operator(null, null)).isEqualTo("anonymous");
	}

	@Test
	void operatorHeaderIsStrippedOfControlCharactersAndCut() {
		assertThat(MessagingAdminController.operator(null, " bob\r\nINFO forged log line ")).isEqualTo(
				"bobINFO forged log line");
		assertThat(MessagingAdminController.operator(null, "x".repeat(500))).hasSize(100);
	}
}
