@org.jspecify.annotations.NullMarked
package dev.ordersaga.inventory.catalog;
