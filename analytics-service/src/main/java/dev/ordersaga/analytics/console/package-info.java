@org.jspecify.annotations.NullMarked
package dev.ordersaga.analytics.console;
