@org.jspecify.annotations.NullMarked
package dev.ordersaga.contracts.inventory.v1;
