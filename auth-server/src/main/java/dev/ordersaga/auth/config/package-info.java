/** Security: the filter chains, the signing key and what goes into a token. */
@org.jspecify.annotations.NullMarked
package dev.ordersaga.auth.config;
