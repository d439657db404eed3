package dev.ordersaga.messaging.inbox;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Supplier;

import org.jspecify.annotations.Nullable;

import org.springframework.beans.factory.SmartInitializingSingleton;
import org.springframework.beans.factory.config.ConfigurableListableBeanFactory;

/**
 * Finds the {@link IntegrationEventHandler} methods once every singleton exists, before the
 * consumer starts.
 */
final class HandlerDiscovery implements SmartInitializingSingleton, Supplier<EventHandlers> {

	private final ConfigurableListableBeanFactory beanFactory;

	private volatile @Nullable EventHandlers handlers;

	HandlerDiscovery(ConfigurableListableBeanFactory beanFactory) {
		this.beanFactory = beanFactory;
	}

	@Override
	public void afterSingletonsInstantiated() {
		List<Object> beans = new ArrayList<>();
		for (String name : beanFactory.getBeanNamesForType(Object.class, false, false)) {
			if (name.startsWith("scopedTarget.") || !beanFactory.containsSingleton(name)) {
				continue;
			}
			beans.add(beanFactory.getBean(name));
		}
		handlers = EventHandlers.discover(beans);
	}

	@Override
	public EventHandlers get() {
		EventHandlers current = handlers;
		if (current == null) {
			throw new IllegalStateException("Event handlers are discovered once all singletons exist");
		}
		return current;
	}
}
