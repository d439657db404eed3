package dev.ordersaga.notification.notice;

import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicBoolean;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import jakarta.mail.MessagingException;
import jakarta.mail.Session;
import jakarta.mail.internet.InternetAddress;
import jakarta.mail.internet.MimeMessage;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.core.task.TaskExecutor;
import org.springframework.mail.MailException;
import org.springframework.mail.javamail.JavaMailSender;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.event.TransactionalEventListener;
import org.springframework.transaction.support.TransactionTemplate;

import dev.ordersaga.contracts.notification.v1.NotificationSent;
import dev.ordersaga.messaging.MessagingContext;
import dev.ordersaga.messaging.outbox.Outbox;
import dev.ordersaga.notification.contact.Contact;
import dev.ordersaga.notification.contact.Contacts;

/**
 * Sends due notifications over SMTP, outside any event handler's transaction.
 * <p>
 * One transaction per e-mail: it claims one due row with {@code FOR UPDATE SKIP LOCKED} (so several
 * instances never send the same row at once), sends the e-mail, then marks it sent and appends
 * NotificationSent. A failed send backs the row off exponentially and ends the run: the SMTP server
 * is most likely down, and the next run tries again. A crash (or a failed commit) between sending
 * and committing sends that one e-mail again, with the same Message-ID, so the receiving side can
 * recognise it.
 * <p>
 * It runs once the transaction that recorded a notification due now commits ({@link Due}), on the
 * scheduler's thread, and besides every {@code notification.dispatch-interval} for what comes due
 * later: a cancellation waiting for its refund, a send backing off, a row another instance left.
 * <p>
 * It counts what the SMTP server answered, {@value #SENT} and {@value #FAILED} by kind, as it
 * answered: an e-mail sent again after a failed commit is counted twice, as it went out twice.
 */
@Component
class MailDispatcher {

	private static final Logger log = LoggerFactory.getLogger(MailDispatcher.class);

	static final String SENT = "mails.sent";

	static final String FAILED = "mails.failed";

	private final JavaMailSender mailSender;

	private final Notifications notifications;

	private final Contacts contacts;

	private final Outbox outbox;

	private final NotificationSettings settings;

	private final TransactionTemplate transactions;

	private final TaskExecutor scheduler;

	private final AtomicBoolean wakeupPending = new AtomicBoolean();

	private final Map<Notification.Kind, Counter> sent = new EnumMap<>(Notification.Kind.class);

	private final Map<Notification.Kind, Counter> failed = new EnumMap<>(Notification.Kind.class);

	MailDispatcher(JavaMailSender mailSender, Notifications notifications, Contacts contacts, Outbox outbox,
			NotificationSettings settings, PlatformTransactionManager transactionManager,
			@Qualifier("taskScheduler") TaskExecutor scheduler, MeterRegistry meters) {
		this.mailSender = mailSender;
		this.notifications = notifications;
		this.contacts = contacts;
		this.outbox = outbox;
		this.settings = settings;
		this.transactions = new TransactionTemplate(transactionManager);
		this.scheduler = scheduler;
		for (Notification.Kind kind : Notification.Kind.values()) {
			sent.put(kind, Counter.builder(SENT).description("E-mails the SMTP server accepted, by kind")
				.tag("kind", kind.name())
				.register(meters));
			failed.put(kind, Counter.builder(FAILED)
				.description("E-mails the SMTP server did not take, by kind (each is tried again later)")
				.tag("kind", kind.name())
				.register(meters));
		}
	}

	/**
	 * A notification due now was recorded or became due; published inside the recording
	 * transaction, it wakes the dispatcher once that transaction commits.
	 * @param orderId the order the notification is about
	 */
	record Due(UUID orderId) {
	}

	@TransactionalEventListener
	void onDue(Due due) {
		// Many commits in a burst wake it once; a run started after this flag is cleared sees them.
		if (wakeupPending.compareAndSet(false, true)) {
			scheduler.execute(() -> {
				wakeupPending.set(false);
				dispatchDue();
			});
		}
	}

	@Scheduled(fixedDelayString = "${notification.dispatch-interval:1s}")
	void dispatchDue() {
		while (dispatchOne()) {
			// until nothing is due or a send fails
		}
	}

	/**
	 * Sends one due notification in its own transaction, so a failure (of the send, or of the commit
	 * after it) repeats that one e-mail only.
	 * @return whether one was sent
	 */
	boolean dispatchOne() {
		return Boolean.TRUE.equals(transactions.execute(status -> {
			List<Notification> due = notifications.claimDue(1);
			return !due.isEmpty() && send(due.get(0));
		}));
	}

	private boolean send(Notification notification) {
		Contact contact = contacts.find(notification.customerId()).orElse(null);
		String recipient = contact != null ? contact.email() : settings.defaultRecipientFor(notification.customerId());
		String greeting = contact != null && contact.name() != null ? "Dear " + contact.name() + ", " : "Hello, ";
		Mails.Text text = Mails.render(notification, greeting);
		try {
			mailSender.send(message(notification, recipient, text));
			sent.get(notification.kind()).increment();
		}
		catch (MailException | MessagingException ex) {
			failed.get(notification.kind()).increment();
			int failures = notification.attempts() + 1;
			log.warn("Sending {} of order {} to {} failed (attempt {}), retrying in {}: {}", notification.kind(),
					notification.orderId(), MaskedAddress.of(recipient), failures, settings.backoffAfter(failures),
					MaskedAddress.in(ex.getMessage(), recipient));
			notifications.markFailed(notification.id(), String.valueOf(ex.getMessage()), settings.backoffAfter(failures));
			return false;
		}
		notifications.markSent(notification.id(), recipient);
		try (MessagingContext.Scope scope = MessagingContext.open(notification.correlationId(),
				notification.causationId())) {
			outbox.append(new NotificationSent(notification.id(), notification.orderId(), notification.customerId(),
					notification.kind().toContract(), recipient));
		}
		log.info("Sent {} of order {} to {} as {}", notification.kind(), notification.orderId(),
				MaskedAddress.of(recipient), notification.messageId());
		return true;
	}

	private MimeMessage message(Notification notification, String recipient, Mails.Text text)
			throws MessagingException {
		Session session = mailSender.createMimeMessage().getSession();
		MimeMessage message = new FixedIdMessage(session, notification.messageId());
		message.setFrom(new InternetAddress(settings.sender()));
		message.setRecipient(jakarta.mail.Message.RecipientType.TO, new InternetAddress(recipient));
		message.setSubject(text.subject(), "UTF-8");
		message.setText(text.body(), "UTF-8");
		message.setHeader("X-Order-Id", notification.orderId().toString());
		message.setHeader("X-Notification-Kind", notification.kind().name());
		return message;
	}

	/** A message whose Message-ID is ours, not one Jakarta Mail makes up when it is saved. */
	private static final class FixedIdMessage extends MimeMessage {

		private final String messageId;

		FixedIdMessage(Session session, String messageId) {
			super(session);
			this.messageId = messageId;
		}

		@Override
		protected void updateMessageID() throws MessagingException {
			setHeader("Message-ID", messageId);
		}
	}
}
