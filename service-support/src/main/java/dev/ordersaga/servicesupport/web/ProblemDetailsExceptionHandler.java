package dev.ordersaga.servicesupport.web;

import java.util.List;
import java.util.Map;

import org.jspecify.annotations.Nullable;

import org.springframework.dao.DataIntegrityViolationException;
import org.springframework.dao.PessimisticLockingFailureException;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.HttpStatusCode;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.http.converter.HttpMessageNotReadableException;
import org.springframework.validation.method.ParameterErrors;
import org.springframework.web.bind.MethodArgumentNotValidException;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.context.request.WebRequest;
import org.springframework.web.method.annotation.HandlerMethodValidationException;
import org.springframework.web.servlet.mvc.method.annotation.ResponseEntityExceptionHandler;

/**
 * The base of each service's {@code @RestControllerAdvice}: every error as RFC 9457 problem+json,
 * validation failures with an {@code errors} list of {@code {field, message}}, write conflicts
 * as 409, and a body cut off by the {@link RequestBodyLimitFilter} as 413. A service's advice extends it and adds its own domain exceptions.
 */
public abstract class ProblemDetailsExceptionHandler extends ResponseEntityExceptionHandler {

	@ExceptionHandler({ DataIntegrityViolationException.class, PessimisticLockingFailureException.class })
	protected ProblemDetail conflict(RuntimeException ex) {
		ProblemDetail problem = ProblemDetail.forStatusAndDetail(HttpStatus.CONFLICT,
				"The change conflicts with a concurrent one; retry it");
		problem.setTitle("Conflict");
		return problem;
	}

	@Override
	protected @Nullable ResponseEntity<Object> handleHttpMessageNotReadable(HttpMessageNotReadableException ex,
			HttpHeaders headers, HttpStatusCode status, WebRequest request) {
		for (Throwable cause = ex; cause != null; cause = cause.getCause()) {
			if (cause instanceof RequestBodyTooLargeException tooLarge) {
				return handleExceptionInternal(ex, problem(HttpStatus.CONTENT_TOO_LARGE, "Content Too Large",
						tooLarge.getMessage()), headers, HttpStatus.CONTENT_TOO_LARGE, request);
			}
		}
		return super.handleHttpMessageNotReadable(ex, headers, status, request);
	}

	@Override
	protected @Nullable ResponseEntity<Object> handleMethodArgumentNotValid(MethodArgumentNotValidException ex,
			HttpHeaders headers, HttpStatusCode status, WebRequest request) {
		List<Map<String, String>> errors = ex.getBindingResult()
			.getFieldErrors()
			.stream()
			.map(error -> error(error.getField(), error.getDefaultMessage()))
			.toList();
		return invalid(ex, errors, headers, request);
	}

	@Override
	protected @Nullable ResponseEntity<Object> handleHandlerMethodValidationException(
			HandlerMethodValidationException ex, HttpHeaders headers, HttpStatusCode status, WebRequest request) {
		// A request body's errors name its fields; a path variable's or parameter's errors name it.
		List<Map<String, String>> errors = ex.getParameterValidationResults()
			.stream()
			.flatMap(result -> result instanceof ParameterErrors body
					? body.getFieldErrors().stream().map(error -> error(error.getField(), error.getDefaultMessage()))
					: result.getResolvableErrors()
						.stream()
						.map(error -> error(String.valueOf(result.getMethodParameter().getParameterName()),
								error.getDefaultMessage())))
			.toList();
		return invalid(ex, errors, headers, request);
	}

	/**
	 * @param status the answer's status, must not be {@literal null}
	 * @param title a short summary, must not be {@literal null}
	 * @param detail what happened, must not be {@literal null}
	 * @return a problem with both
	 */
	protected static ProblemDetail problem(HttpStatus status, String title, String detail) {
		ProblemDetail problem = ProblemDetail.forStatusAndDetail(status, detail);
		problem.setTitle(title);
		return problem;
	}

	private static Map<String, String> error(String field, @Nullable String message) {
		return Map.of("field", field, "message", String.valueOf(message));
	}

	private @Nullable ResponseEntity<Object> invalid(Exception ex, List<Map<String, String>> errors,
			HttpHeaders headers, WebRequest request) {
		ProblemDetail problem = problem(HttpStatus.BAD_REQUEST, "Invalid request", "The request is invalid");
		problem.setProperty("errors", errors);
		return handleExceptionInternal(ex, problem, headers, HttpStatus.BAD_REQUEST, request);
	}
}
