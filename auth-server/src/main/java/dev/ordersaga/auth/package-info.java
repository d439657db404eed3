/**
 * The suite's OAuth2 authorization server. Customers log in (authorization code with PKCE, through
 * the public {@code shop} client) and get tokens whose subject is their customer id; the
 * {@code staff} and {@code operator} clients get tokens by client credentials. Every token is a
 * JWT signed with one RSA key, which the services read from the JWK set.
 */
@org.jspecify.annotations.NullMarked
package dev.ordersaga.auth;
