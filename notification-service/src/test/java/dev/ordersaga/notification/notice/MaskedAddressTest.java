package dev.ordersaga.notification.notice;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class MaskedAddressTest {

	@Test
	void keepsTheFirstCharacterAndTheDomainOnly() {
		assertThat(MaskedAddress.of("ada.lovelace@example.org")).isEqualTo("a***@example.org");
	}

	@Test
	void showsNothingOfSomethingThatIsNotAnAddress() {
		assertThat(MaskedAddress.of("lovelace")).isEqualTo("***");
		assertThat(MaskedAddress.of("@example.org")).isEqualTo("***");
		assertThat(MaskedAddress.of(null)).isEqualTo("(none)");
	}

	@Test
	void masksTheAddressWhereAServersMessageQuotesIt() {
		assertThat(MaskedAddress.in("550 5.1.1 <ada@example.org>: mailbox unavailable; ada@example.org", "ada@example.org"))
			.isEqualTo("550 5.1.1 <a***@example.org>: mailbox unavailable; a***@example.org");
	}
}
