/**
 * The fault suite: the whole suite as separate processes, a mixed load of orders, one fault at a
 * time, then every invariant of the saga checked and reported.
 */
@org.jspecify.annotations.NullMarked
package dev.ordersaga.faults;
