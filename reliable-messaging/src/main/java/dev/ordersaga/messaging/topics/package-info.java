/**
 * The topics a service owns (those it produces, and its dead-letter topic): created by their
 * owner when missing, never altered once they exist.
 */
@org.jspecify.annotations.NullMarked
package dev.ordersaga.messaging.topics;
