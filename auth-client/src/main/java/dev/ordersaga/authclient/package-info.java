/** Getting tokens from the suite's authorization server, for the suite's own clients. */
@org.jspecify.annotations.NullMarked
package dev.ordersaga.authclient;
