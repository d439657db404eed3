/** What every service's JPA entities share. */
@org.jspecify.annotations.NullMarked
package dev.ordersaga.servicesupport.persistence;
