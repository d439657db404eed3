package dev.ordersaga.servicesupport.web;

import java.util.HashMap;
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
 * as 409, a body cut off by the {@link RequestBodyLimitFilter} as 413, and {@link NotFound} as 404.
 * A service's advice extends it and lists how its domain exceptions are answered
 * ({@link #answer}); one that needs more than a status and a title (a header, a property) has its
 * own {@code @ExceptionHandler}.
 */
public abstract class ProblemDetailsExceptionHandler extends ResponseEntityExceptionHandler {

	private final Map<Class<?>, Answer> answers = new HashMap<>();

	/** @param answers how the service answers its domain exceptions, besides {@link NotFound} */
	protected ProblemDetailsExceptionHandler(Answer... answers) {
		this.answers.put(NotFound.class, answer(NotFound.class, HttpStatus.NOT_FOUND, "Not found"));
		for (Answer answer : answers) {
			this.answers.put(answer.type(), answer);
		}
	}

	/**
	 * @param type the exception, or the base of those, answered this way; must not be {@literal null}
	 * @param status the answer's status, must not be {@literal null}
	 * @param title the problem's title; its detail is the exception's message
	 */
	protected static Answer answer(Class<? extends RuntimeException> type, HttpStatus status, String title) {
		return new Answer(type, status, title);
	}

	/**
	 * Answers an exception that is listed (or whose superclass is) as the list says. Any other goes on
	 * to Spring's handling as if this method were not there: rethrowing the exception a handler was
	 * given is how a {@code @ExceptionHandler} declines it.
	 */
	@ExceptionHandler(RuntimeException.class)
	protected ProblemDetail listed(RuntimeException ex) {
		for (Class<?> type = ex.getClass(); type != null; type = type.getSuperclass()) {
			Answer answer = answers.get(type);
			if (answer != null) {
				ProblemDetail problem = ProblemDetail.forStatus(answer.status());
				problem.setTitle(answer.title());
				problem.setDetail(ex.getMessage());
				return problem;
			}
		}
		throw ex;
	}

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

	/**
	 * How the API answers one kind of exception.
	 * @param type the exception, or the base of those, answered this way
	 * @param status the answer's status
	 * @param title the problem's title; its detail is the exception's message
	 */
	protected record Answer(Class<? extends RuntimeException> type, HttpStatus status, String title) {
	}
}
