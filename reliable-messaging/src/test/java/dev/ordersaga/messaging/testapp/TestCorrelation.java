package dev.ordersaga.messaging.testapp;

import java.io.IOException;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import org.springframework.stereotype.Component;
import org.springframework.web.filter.OncePerRequestFilter;

import dev.ordersaga.messaging.MessagingContext;

/**
 * Opens the request's correlation as a service's {@code CorrelationIdFilter} does. That filter lives
 * in service-support, which depends on this library, so the test application stands in for it.
 */
@Component
class TestCorrelation extends OncePerRequestFilter {

	@Override
	protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
			throws ServletException, IOException {
		String correlationId = MessagingContext.sanitize(request.getHeader(MessagingContext.CORRELATION_HEADER));
		try (MessagingContext.Scope scope = MessagingContext.open(correlationId, null)) {
			chain.doFilter(request, response);
		}
	}
}
