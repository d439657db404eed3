/** Staff members and operators who log in in person (the saga console), and their roles. */
@org.jspecify.annotations.NullMarked
package dev.ordersaga.auth.staff;
