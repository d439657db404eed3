@org.jspecify.annotations.NullMarked
package dev.ordersaga.inventory.web;
