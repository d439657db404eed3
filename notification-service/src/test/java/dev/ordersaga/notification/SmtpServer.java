package dev.ordersaga.notification;

import java.io.IOException;
import java.net.ServerSocket;
import java.util.Arrays;
import java.util.List;
import java.util.UUID;

import com.icegreen.greenmail.util.GreenMail;
import com.icegreen.greenmail.util.ServerSetup;
import jakarta.mail.MessagingException;
import jakarta.mail.internet.MimeMessage;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

import org.springframework.test.context.DynamicPropertyRegistry;

/**
 * A real SMTP server (GreenMail) on a free port of 127.0.0.1 for one test class: a static
 * {@code @RegisterExtension} field starts it before the class and stops it after;
 * {@link #connect(DynamicPropertyRegistry)} points the service's mail sender at it.
 */
final class SmtpServer implements BeforeAllCallback, AfterAllCallback {

	private final int port = freePort();

	private GreenMail greenMail = newServer();

	@Override
	public void beforeAll(ExtensionContext context) {
		greenMail.start();
	}

	@Override
	public void afterAll(ExtensionContext context) {
		greenMail.stop();
	}

	/** @param registry the test's dynamic properties, from a {@code @DynamicPropertySource} method */
	void connect(DynamicPropertyRegistry registry) {
		registry.add("spring.mail.host", () -> "127.0.0.1");
		registry.add("spring.mail.port", () -> port);
	}

	/** Stops the server, as an outage would. */
	void stop() {
		greenMail.stop();
	}

	/** Starts the server again on the same port, with no mail received. */
	void restart() {
		greenMail = newServer();
		greenMail.start();
	}

	/**
	 * @param order an order id
	 * @return the e-mails received about the order ({@code X-Order-Id}), in arrival order
	 */
	List<MimeMessage> mailsFor(UUID order) {
		return Arrays.stream(greenMail.getReceivedMessages()).filter(mail -> {
			try {
				String[] header = mail.getHeader("X-Order-Id");
				return header != null && header[0].equals(order.toString());
			}
			catch (MessagingException ex) {
				throw new IllegalStateException(ex);
			}
		}).toList();
	}

	private GreenMail newServer() {
		return new GreenMail(new ServerSetup(port, "127.0.0.1", ServerSetup.PROTOCOL_SMTP));
	}

	private static int freePort() {
		try (ServerSocket socket = new ServerSocket(0)) {
			return socket.getLocalPort();
		}
		catch (IOException ex) {
			throw new IllegalStateException(ex);
		}
	}
}
