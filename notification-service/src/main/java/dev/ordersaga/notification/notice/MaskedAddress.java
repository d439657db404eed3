package dev.ordersaga.notification.notice;

import org.jspecify.annotations.Nullable;

/**
 * An e-mail address as the logs show it: personal data, so only its first character and its domain
 * ({@code a***@example.org}), enough to tell a customer's mails apart from another's in an incident
 * without the logs holding the address.
 */
final class MaskedAddress {

	private MaskedAddress() {
	}

	/**
	 * @param address an e-mail address, may be {@literal null}
	 * @return the address masked, never {@literal null}
	 */
	static String of(@Nullable String address) {
		if (address == null || address.isBlank()) {
			return "(none)";
		}
		int at = address.lastIndexOf('@');
		if (at <= 0) {
			return "***";
		}
		return address.charAt(0) + "***" + address.substring(at);
	}

	/**
	 * @param text a message that may quote the address, e.g. the SMTP server's refusal, may be {@literal null}
	 * @param address the address to mask in it
	 * @return the text with every occurrence of the address masked
	 */
	static String in(@Nullable String text, @Nullable String address) {
		if (text == null || address == null || address.isEmpty()) {
			return String.valueOf(text);
		}
		return text.replace(address, of(address));
	}
}
