package dev.ordersaga.servicesupport.web;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.util.unit.DataSize;

/**
 * What every service's web layer enforces, under {@code ordersaga.web}.
 *
 * @param maxRequestBody the largest request body a service reads; a larger one is refused with 413
 * before it is parsed. The largest legitimate body, an order of 100 items, is about 10 KiB.
 */
@ConfigurationProperties("ordersaga.web")
public record WebSettings(@DefaultValue("64KB") DataSize maxRequestBody) {

	public WebSettings {
		if (maxRequestBody.toBytes() < 1) {
			throw new IllegalArgumentException("ordersaga.web.max-request-body must be positive, was " + maxRequestBody);
		}
	}
}
