package dev.ordersaga.inventory.catalog;

import org.junit.jupiter.api.Test;

import static dev.ordersaga.inventory.catalog.ProductFixtures.product;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;
import static org.assertj.core.api.Assertions.assertThatIllegalStateException;

class ProductTest {

	@Test
	void reservingMovesUnitsFromAvailableToReserved() {
		Product lamp = product("LAMP", 5);

		lamp.reserve(5);

		assertThat(lamp.available()).isZero();
		assertThat(lamp.reserved()).isEqualTo(5);
	}

	@Test
	void refusesToReserveMoreThanIsAvailable() {
		Product lamp = product("LAMP", 1);

		assertThat(lamp.canReserve(2)).isFalse();
		assertThatExceptionOfType(Product.InsufficientStock.class).isThrownBy(() -> lamp.reserve(2));
		assertThat(lamp.available()).isEqualTo(1);
	}

	@Test
	void releasingGivesReservedUnitsBack() {
		Product lamp = product("LAMP", 5);
		lamp.reserve(3);

		lamp.release(3);

		assertThat(lamp.available()).isEqualTo(5);
		assertThat(lamp.reserved()).isZero();
	}

	@Test
	void refusesToReleaseMoreThanIsReserved() {
		Product lamp = product("LAMP", 5);
		lamp.reserve(1);

		assertThatIllegalStateException().isThrownBy(() -> lamp.release(2));
	}
}
