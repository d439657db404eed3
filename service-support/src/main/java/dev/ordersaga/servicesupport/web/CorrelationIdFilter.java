package dev.ordersaga.servicesupport.web;

import java.io.IOException;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import org.springframework.web.filter.OncePerRequestFilter;

import dev.ordersaga.messaging.MessagingContext;

/**
 * Gives every HTTP request a correlation id: the caller's {@code X-Correlation-Id} when it is a sane
 * id, a new one otherwise. Events appended while the request runs carry it, and the response
 * returns it so a client can follow its order through the saga.
 */
public class CorrelationIdFilter extends OncePerRequestFilter {

	@Override
	protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
			throws ServletException, IOException {
		String correlationId = MessagingContext.sanitize(request.getHeader(MessagingContext.CORRELATION_HEADER));
		response.setHeader(MessagingContext.CORRELATION_HEADER, correlationId);
		try (MessagingContext.Scope scope = MessagingContext.open(correlationId, null)) {
			chain.doFilter(request, response);
		}
	}
}
