package dev.ordersaga.payment.web;

import org.springframework.http.HttpStatus;
import org.springframework.web.bind.annotation.RestControllerAdvice;

import dev.ordersaga.payment.account.AccountManagement;
import dev.ordersaga.servicesupport.web.ProblemDetailsExceptionHandler;

/** payment-service's API errors as problem+json. */
@RestControllerAdvice
class ApiErrors extends ProblemDetailsExceptionHandler {

	ApiErrors() {
		super(answer(AccountManagement.NoAccount.class, HttpStatus.NOT_FOUND, "No account"),
				answer(AccountManagement.AccountExists.class, HttpStatus.CONFLICT, "Account exists"));
	}
}
