/** Setting staff members' and operators' logins over REST, for operators. */
@org.jspecify.annotations.NullMarked
package dev.ordersaga.auth.staff.web;
