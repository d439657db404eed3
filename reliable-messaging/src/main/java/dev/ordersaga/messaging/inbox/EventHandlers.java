package dev.ordersaga.messaging.inbox;

import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

import org.springframework.aop.support.AopUtils;
import org.springframework.core.MethodIntrospector;
import org.springframework.core.annotation.AnnotatedElementUtils;
import org.springframework.util.ReflectionUtils;

import dev.ordersaga.contracts.EventCatalog;
import dev.ordersaga.contracts.EventType;
import dev.ordersaga.contracts.IntegrationEvent;

/**
 * The {@link IntegrationEventHandler} methods of a service, by event type name. Built once at
 * startup; a handler whose parameter is not the latest version of a catalogued event, or two
 * handlers for one event type, fail the startup with a message naming them.
 */
public final class EventHandlers {

	private final Map<String, Handler> byEventType;

	private EventHandlers(Map<String, Handler> byEventType) {
		this.byEventType = byEventType;
	}

	/**
	 * Finds the handler methods on the given beans.
	 * @param beans the application's beans, must not be {@literal null}
	 * @return the handlers, never {@literal null}
	 */
	public static EventHandlers discover(Collection<Object> beans) {
		Map<String, Handler> handlers = new LinkedHashMap<>();
		for (Object bean : beans) {
			Class<?> target = AopUtils.getTargetClass(bean);
			Map<Method, Boolean> methods = MethodIntrospector.selectMethods(target,
					(MethodIntrospector.MetadataLookup<Boolean>) method -> AnnotatedElementUtils
						.hasAnnotation(method, IntegrationEventHandler.class) ? Boolean.TRUE : null);
			for (Method method : methods.keySet()) {
				Handler handler = handler(bean, method);
				Handler previous = handlers.putIfAbsent(handler.type().name(), handler);
				if (previous != null) {
					throw new IllegalStateException("Two handlers for " + handler.type().name() + ": "
							+ previous.describe() + " and " + handler.describe());
				}
			}
		}
		return new EventHandlers(handlers);
	}

	private static Handler handler(Object bean, Method method) {
		Class<?>[] parameters = method.getParameterTypes();
		boolean shapeOk = (parameters.length == 1 || (parameters.length == 2 && parameters[1] == EventMetadata.class))
				&& IntegrationEvent.class.isAssignableFrom(parameters[0]);
		if (!shapeOk) {
			throw new IllegalStateException("@IntegrationEventHandler " + method
					+ " must take (EventRecord) or (EventRecord, EventMetadata)");
		}
		@SuppressWarnings("unchecked")
		Class<? extends IntegrationEvent> eventClass = (Class<? extends IntegrationEvent>) parameters[0];
		EventType<?> type = EventCatalog.of(eventClass);
		EventType<?> latest = EventCatalog.latest(type.name());
		if (!latest.equals(type)) {
			throw new IllegalStateException("@IntegrationEventHandler " + method + " takes " + type.name() + " v"
					+ type.version() + ", but handlers take the latest version, v" + latest.version() + " ("
					+ latest.payloadType().getName() + "): older versions are upcast to it");
		}
		Method invocable = AopUtils.selectInvocableMethod(method, bean.getClass());
		ReflectionUtils.makeAccessible(invocable);
		return new Handler(type, bean, invocable, parameters.length == 2);
	}

	/** @return the handler for an event type name, if this service handles it */
	public Optional<Handler> forEventType(String eventType) {
		return Optional.ofNullable(byEventType.get(eventType));
	}

	/** @return the topics that carry the handled event types */
	public Set<String> topics() {
		Set<String> topics = new LinkedHashSet<>();
		byEventType.values().forEach(handler -> topics.add(handler.type().topic().name()));
		return topics;
	}

	/** @return the handled event type names */
	public Set<String> eventTypes() {
		return byEventType.keySet();
	}

	/** @return whether no handler was found */
	public boolean isEmpty() {
		return byEventType.isEmpty();
	}

	/** One handler method. */
	public record Handler(EventType<?> type, Object bean, Method method, boolean wantsMetadata) {

		void invoke(IntegrationEvent event, EventMetadata metadata) {
			try {
				if (wantsMetadata) {
					method.invoke(bean, event, metadata);
				}
				else {
					method.invoke(bean, event);
				}
			}
			catch (InvocationTargetException ex) {
				Throwable cause = ex.getTargetException();
				if (cause instanceof RuntimeException runtime) {
					throw runtime;
				}
				if (cause instanceof Error error) {
					throw error;
				}
				throw new IllegalStateException(describe() + " failed", cause);
			}
			catch (IllegalAccessException ex) {
				throw new IllegalStateException("Cannot call " + describe(), ex);
			}
		}

		String describe() {
			return method.getDeclaringClass().getSimpleName() + "." + method.getName();
		}
	}
}
