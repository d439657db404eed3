package dev.ordersaga.servicesupport.persistence;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class AssignedIdEntityTest {

	@Test
	void isNewUntilStored() {
		Thing thing = new Thing();
		assertThat(thing.isNew()).isTrue();
		thing.stored();
		assertThat(thing.isNew()).isFalse();
	}

	static class Thing extends AssignedIdEntity<String> {

		@Override
		public String getId() {
			return "thing";
		}
	}
}
