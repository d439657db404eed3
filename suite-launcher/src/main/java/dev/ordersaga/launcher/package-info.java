@org.jspecify.annotations.NullMarked
package dev.ordersaga.launcher;
