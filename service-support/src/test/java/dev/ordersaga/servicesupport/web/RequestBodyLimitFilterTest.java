package dev.ordersaga.servicesupport.web;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.atomic.AtomicReference;

import jakarta.servlet.ServletRequest;

import org.junit.jupiter.api.Test;

import org.springframework.mock.web.MockFilterChain;
import org.springframework.mock.web.MockHttpServletRequest;
import org.springframework.mock.web.MockHttpServletResponse;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class RequestBodyLimitFilterTest {

	final RequestBodyLimitFilter filter = new RequestBodyLimitFilter(10);

	@Test
	void refusesABodyThatAnnouncesMoreThanTheLimitWithoutReadingIt() throws Exception {
		MockHttpServletRequest request = post("x".repeat(11));
		MockHttpServletResponse response = new MockHttpServletResponse();
		MockFilterChain chain = new MockFilterChain();

		filter.doFilter(request, response, chain);

		assertThat(chain.getRequest()).as("passed on").isNull();
		assertThat(response.getStatus()).isEqualTo(413);
		assertThat(response.getContentType()).startsWith("application/problem+json");
		assertThat(response.getContentAsString()).contains("\"status\":413", "larger than 10 bytes");
	}

	@Test
	void passesABodyUpToTheLimitOnWhole() throws Exception {
		AtomicReference<String> read = new AtomicReference<>();

		filter.doFilter(post("x".repeat(10)), new MockHttpServletResponse(), (request, response) -> read.set(body(request)));

		assertThat(read.get()).isEqualTo("x".repeat(10));
	}

	@Test
	void cutsOffABodyOfUnknownLengthOncePastTheLimit() throws Exception {
		AtomicReference<ServletRequest> passed = new AtomicReference<>();
		MockHttpServletRequest unknownLength = new MockHttpServletRequest("POST", "/api/orders") {
			@Override
			public long getContentLengthLong() {
				return -1;
			}
		};
		unknownLength.setContent("x".repeat(11).getBytes(StandardCharsets.UTF_8));

		filter.doFilter(unknownLength, new MockHttpServletResponse(), (request, response) -> passed.set(request));

		assertThatThrownBy(() -> body(passed.get())).isInstanceOf(RequestBodyTooLargeException.class)
			.hasMessageContaining("larger than 10 bytes");
	}

	private static MockHttpServletRequest post(String body) {
		MockHttpServletRequest request = new MockHttpServletRequest("POST", "/api/orders");
		request.setContentType("application/json");
		request.setContent(body.getBytes(StandardCharsets.UTF_8));
		return request;
	}

	private static String body(ServletRequest request) throws IOException {
		try (InputStream in = request.getInputStream()) {
			return new String(in.readAllBytes(), StandardCharsets.UTF_8);
		}
	}
}
