package dev.ordersaga.servicesupport.web;

import java.util.concurrent.atomic.AtomicReference;

import jakarta.servlet.FilterChain;

import org.junit.jupiter.api.Test;

import org.springframework.mock.web.MockHttpServletRequest;
import org.springframework.mock.web.MockHttpServletResponse;

import dev.ordersaga.messaging.MessagingContext;

import static org.assertj.core.api.Assertions.assertThat;

class CorrelationIdFilterTest {

	private final CorrelationIdFilter filter = new CorrelationIdFilter();

	@Test
	void requestRunsUnderTheCallersCorrelationIdAndAnswersWithIt() throws Exception {
		MockHttpServletRequest request = new MockHttpServletRequest("POST", "/api/orders");
		request.addHeader(MessagingContext.CORRELATION_HEADER, "checkout-42");
		MockHttpServletResponse response = new MockHttpServletResponse();

		assertThat(correlationSeenBy(request, response)).isEqualTo("checkout-42");
		assertThat(response.getHeader(MessagingContext.CORRELATION_HEADER)).isEqualTo("checkout-42");
		assertThat(MessagingContext.current()).isEmpty();
	}

	@Test
	void requestWithoutASaneCorrelationIdGetsANewOne() throws Exception {
		MockHttpServletRequest request = new MockHttpServletRequest("POST", "/api/orders");
		request.addHeader(MessagingContext.CORRELATION_HEADER, "not sane\r\nSet-Cookie: x");
		MockHttpServletResponse response = new MockHttpServletResponse();

		String seen = correlationSeenBy(request, response);

		assertThat(seen).isNotBlank().doesNotContain(" ");
		assertThat(response.getHeader(MessagingContext.CORRELATION_HEADER)).isEqualTo(seen);
		assertThat(correlationSeenBy(new MockHttpServletRequest("GET", "/api/orders"), new MockHttpServletResponse()))
			.isNotBlank()
			.isNotEqualTo(seen);
	}

	private String correlationSeenBy(MockHttpServletRequest request, MockHttpServletResponse response)
			throws Exception {
		AtomicReference<String> seen = new AtomicReference<>();
		FilterChain chain = (req, res) -> seen
			.set(MessagingContext.current().map(MessagingContext.Scope::correlationId).orElse(null));
		filter.doFilter(request, response, chain);
		return seen.get();
	}
}
