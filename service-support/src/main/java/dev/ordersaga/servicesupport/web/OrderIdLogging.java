package dev.ordersaga.servicesupport.web;

import java.util.Map;
import java.util.UUID;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import org.jspecify.annotations.Nullable;
import org.slf4j.MDC;

import org.springframework.web.servlet.HandlerInterceptor;
import org.springframework.web.servlet.HandlerMapping;

import dev.ordersaga.messaging.MessagingContext;

/**
 * Puts the order a request is about into the logging MDC as {@code orderId}, so its log lines can
 * be found with the saga's: the {@code {orderId}} of the path ({@code /api/orders/{orderId}}, the
 * timeline) or the {@code orderId} parameter ({@code /api/payments?orderId=}).
 */
public class OrderIdLogging implements HandlerInterceptor {

	@Override
	public boolean preHandle(HttpServletRequest request, HttpServletResponse response, Object handler) {
		String orderId = orderId(request);
		if (orderId != null) {
			MDC.put(MessagingContext.ORDER_ID, orderId);
		}
		return true;
	}

	@Override
	public void afterCompletion(HttpServletRequest request, HttpServletResponse response, Object handler,
			@Nullable Exception ex) {
		MDC.remove(MessagingContext.ORDER_ID);
	}

	private static @Nullable String orderId(HttpServletRequest request) {
		Object variables = request.getAttribute(HandlerMapping.URI_TEMPLATE_VARIABLES_ATTRIBUTE);
		Object candidate = variables instanceof Map<?, ?> map && map.get("orderId") != null ? map.get("orderId")
				: request.getParameter("orderId");
		if (candidate == null) {
			return null;
		}
		try {
			return UUID.fromString(candidate.toString()).toString();
		}
		catch (IllegalArgumentException ex) {
			return null;
		}
	}
}
