package dev.ordersaga.contracts;

import java.math.BigDecimal;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class AmountsTest {

	@Test
	void keepsTheCentsAndDropsTrailingZerosBeyondThem() {
		assertThat(Amounts.normalize(new BigDecimal("19.8000"))).hasToString("19.80");
		assertThat(Amounts.normalize(new BigDecimal("1E+2"))).hasToString("100.00");
		assertThat(Amounts.normalize(new BigDecimal("0.1250"))).hasToString("0.125");
		assertThat(Amounts.normalize(BigDecimal.ZERO)).hasToString("0.00");
	}
}
