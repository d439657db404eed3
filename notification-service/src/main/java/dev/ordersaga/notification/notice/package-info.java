/**
 * The notifications owed per order: recorded by the event handlers inside the inbox transaction,
 * sent by the {@link dev.ordersaga.notification.notice.MailDispatcher} outside it.
 */
@org.jspecify.annotations.NullMarked
package dev.ordersaga.notification.notice;
