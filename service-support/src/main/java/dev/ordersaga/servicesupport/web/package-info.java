@org.jspecify.annotations.NullMarked
package dev.ordersaga.servicesupport.web;
