package dev.ordersaga.payment.web;

import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.RestControllerAdvice;

import dev.ordersaga.payment.account.AccountManagement;
import dev.ordersaga.servicesupport.web.ProblemDetailsExceptionHandler;

/** payment-service's API errors as problem+json. */
@RestControllerAdvice
class ApiErrors extends ProblemDetailsExceptionHandler {

	@ExceptionHandler(AccountManagement.NoAccount.class)
	ProblemDetail noAccount(AccountManagement.NoAccount ex) {
		return problem(HttpStatus.NOT_FOUND, "No account", ex.getMessage());
	}

	@ExceptionHandler(AccountManagement.AccountExists.class)
	ProblemDetail accountExists(AccountManagement.AccountExists ex) {
		return problem(HttpStatus.CONFLICT, "Account exists", ex.getMessage());
	}
}
