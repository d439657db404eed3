package dev.ordersaga.contracts;

import java.math.BigDecimal;

/** How the suite writes an amount: no trailing zeros beyond the cents, so 19.8000 is 19.80. */
public final class Amounts {

	private Amounts() {
	}

	/**
	 * @param amount any amount, must not be {@literal null}
	 * @return the same value with at least two decimals and no trailing zeros after them
	 */
	public static BigDecimal normalize(BigDecimal amount) {
		BigDecimal plain = amount.stripTrailingZeros();
		return plain.scale() < 2 ? plain.setScale(2) : plain;
	}
}
