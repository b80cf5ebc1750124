package io.jifen.platform.web;

import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;

import jakarta.validation.ConstraintViolationException;

import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.MDC;
import org.springframework.dao.DataIntegrityViolationException;
import org.springframework.dao.OptimisticLockingFailureException;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.HttpStatusCode;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.http.converter.HttpMessageNotReadableException;
import org.springframework.validation.FieldError;
import org.springframework.web.bind.MethodArgumentNotValidException;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.RestControllerAdvice;
import org.springframework.web.context.request.WebRequest;
import org.springframework.web.method.annotation.HandlerMethodValidationException;
import org.springframework.web.method.annotation.MethodArgumentTypeMismatchException;
import org.springframework.web.servlet.mvc.method.annotation.ResponseEntityExceptionHandler;
import tools.jackson.core.JacksonException;
import tools.jackson.core.exc.InputCoercionException;
import tools.jackson.core.exc.StreamReadException;
import tools.jackson.databind.exc.InvalidFormatException;
import tools.jackson.databind.exc.MismatchedInputException;
import tools.jackson.databind.exc.UnrecognizedPropertyException;

import io.jifen.platform.problem.DomainException;
import io.jifen.platform.problem.FieldProblem;
import io.jifen.platform.problem.ProblemKind;

/** Turns every failure into RFC 9457 problem+json with a stable type, a human detail and, for bad input, the bad fields. */
@RestControllerAdvice
class ProblemHandler extends ResponseEntityExceptionHandler {

    private static final Logger log = LoggerFactory.getLogger(ProblemHandler.class);

    @ExceptionHandler(DomainException.class)
    ResponseEntity<Object> domainProblem(DomainException problem) {
        ProblemDetail body = ProblemDetail.forStatusAndDetail(status(problem.kind()), problem.getMessage());
        body.setType(ProblemType.of(problem.type()));
        body.setTitle(problem.title());
        if (!problem.errors().isEmpty()) {
            body.setProperty("errors", problem.errors());
        }
        return respond(body);
    }

    @ExceptionHandler(ConstraintViolationException.class)
    ResponseEntity<Object> constraintViolation(ConstraintViolationException e) {
        List<FieldProblem> errors = e.getConstraintViolations().stream()
                .map(v -> FieldProblem.of(lastNode(v.getPropertyPath().toString()), v.getMessage()))
                .toList();
        return validation(errors);
    }

    @ExceptionHandler({DataIntegrityViolationException.class, OptimisticLockingFailureException.class})
    ResponseEntity<Object> conflict(RuntimeException e) {
        log.info("conflicting write: {}", e.toString());
        ProblemDetail body = ProblemDetail.forStatusAndDetail(HttpStatus.CONFLICT,
                "The request conflicts with the current state of the resource; reload it and try again");
        body.setType(ProblemType.CONFLICT);
        body.setTitle("Conflict");
        return respond(body);
    }

    @ExceptionHandler(Exception.class)
    ResponseEntity<Object> unexpected(Exception e) {
        log.error("unexpected failure", e);
        ProblemDetail body = ProblemDetail.forStatusAndDetail(HttpStatus.INTERNAL_SERVER_ERROR,
                "Something went wrong on our side; quote request id " + MDC.get("requestId") + " when you report it");
        body.setType(ProblemType.INTERNAL);
        body.setTitle("Internal error");
        return respond(body);
    }

    @Override
    protected ResponseEntity<Object> handleMethodArgumentNotValid(MethodArgumentNotValidException e, HttpHeaders headers,
                                                                  HttpStatusCode status, WebRequest request) {
        List<FieldProblem> errors = new ArrayList<>();
        for (FieldError error : e.getBindingResult().getFieldErrors()) {
            errors.add(FieldProblem.of(error.getField(), error.getDefaultMessage()));
        }
        e.getBindingResult().getGlobalErrors().forEach(error -> errors.add(FieldProblem.of(error.getObjectName(), error.getDefaultMessage())));
        return validation(errors);
    }

    @Override
    protected ResponseEntity<Object> handleHandlerMethodValidationException(HandlerMethodValidationException e, HttpHeaders headers,
                                                                            HttpStatusCode status, WebRequest request) {
        List<FieldProblem> errors = new ArrayList<>();
        e.getParameterValidationResults().forEach(result -> result.getResolvableErrors().forEach(error ->
                errors.add(FieldProblem.of(result.getMethodParameter().getParameterName(), error.getDefaultMessage()))));
        return validation(errors);
    }

    @Override
    protected ResponseEntity<Object> handleTypeMismatch(org.springframework.beans.TypeMismatchException e, HttpHeaders headers,
                                                        HttpStatusCode status, WebRequest request) {
        String name = e instanceof MethodArgumentTypeMismatchException m ? m.getName() : e.getPropertyName();
        return validation(List.of(FieldProblem.of(String.valueOf(name), "cannot be read as " + requiredType(e))));
    }

    @Override
    protected ResponseEntity<Object> handleHttpMessageNotReadable(HttpMessageNotReadableException e, HttpHeaders headers,
                                                                  HttpStatusCode status, WebRequest request) {
        BodyTooLargeException tooLarge = findCause(e, BodyTooLargeException.class);
        if (tooLarge != null) {
            ProblemDetail body = ProblemDetail.forStatusAndDetail(HttpStatus.CONTENT_TOO_LARGE,
                    "The request body is larger than this endpoint accepts (" + tooLarge.limit() + " bytes)");
            body.setType(ProblemType.of("body-too-large"));
            body.setTitle("Content too large");
            return respond(body);
        }
        JacksonException cause = findCause(e, JacksonException.class);
        String field = cause == null ? null : path(cause);
        String detail;
        if (cause instanceof UnrecognizedPropertyException unknown) {
            detail = "unknown field '" + unknown.getPropertyName() + "'";
        } else if (cause != null) {
            // Jackson's own words name Java types and classes: the client gets a fixed description, the log the rest.
            log.info("unreadable request body: {}", cause.getOriginalMessage());
            detail = unreadable(cause);
        } else {
            detail = "the request body is missing or is not valid JSON";
        }
        ProblemDetail body = ProblemDetail.forStatusAndDetail(HttpStatus.BAD_REQUEST,
                field == null ? detail : field + ": " + detail);
        body.setType(ProblemType.MALFORMED_REQUEST);
        body.setTitle("Malformed request");
        if (field != null) {
            body.setProperty("errors", List.of(FieldProblem.of(field, detail)));
        }
        return respond(body);
    }

    @Override
    protected ResponseEntity<Object> createResponseEntity(@Nullable Object body, HttpHeaders headers, HttpStatusCode status, WebRequest request) {
        if (body instanceof ProblemDetail problem && (problem.getType() == null || problem.getType().toString().equals("about:blank"))) {
            HttpStatus known = HttpStatus.resolve(status.value());
            problem.setType(ProblemType.of(known == null ? "http-" + status.value() : known.name().toLowerCase().replace('_', '-')));
        }
        return super.createResponseEntity(body, headers, status, request);
    }

    private ResponseEntity<Object> validation(List<FieldProblem> errors) {
        String detail = errors.stream().map(e -> e.field() + ": " + e.message()).collect(Collectors.joining("; "));
        return domainProblem(DomainException.invalid(detail, errors));
    }

    /** The one place a domain refusal becomes an HTTP status. */
    static HttpStatus status(ProblemKind kind) {
        return ProblemStatuses.of(kind);
    }

    private static ResponseEntity<Object> respond(ProblemDetail body) {
        return ResponseEntity.status(body.getStatus()).contentType(org.springframework.http.MediaType.APPLICATION_PROBLEM_JSON).body(body);
    }

    private static String unreadable(JacksonException cause) {
        if (cause instanceof InvalidFormatException format && CleanTextModule.REFUSAL.equals(format.getOriginalMessage())) {
            return CleanTextModule.REFUSAL;
        }
        if (cause instanceof InputCoercionException) {
            return "is out of range";
        }
        if (cause instanceof StreamReadException) {
            return "the request body is not valid JSON";
        }
        if (cause instanceof MismatchedInputException mismatch && mismatch.getTargetType() != null) {
            return expected(mismatch.getTargetType());
        }
        return "has a value that cannot be read";
    }

    private static String expected(Class<?> type) {
        if (type.isEnum()) {
            return "must be one of " + java.util.Arrays.stream(type.getEnumConstants()).map(Object::toString).collect(Collectors.joining(", "));
        }
        if (type == long.class || type == int.class || type == short.class || type == Long.class || type == Integer.class
                || type == Short.class || type == java.math.BigInteger.class) {
            return "must be a whole number";
        }
        if (Number.class.isAssignableFrom(type) || type == double.class || type == float.class) {
            return "must be a number";
        }
        if (type == boolean.class || type == Boolean.class) {
            return "must be true or false";
        }
        if (type == String.class) {
            return "must be text";
        }
        if (type == java.util.UUID.class) {
            return "must be a UUID";
        }
        if (java.time.temporal.Temporal.class.isAssignableFrom(type)) {
            return "must be an ISO 8601 date or time";
        }
        if (type.isArray() || java.util.Collection.class.isAssignableFrom(type)) {
            return "must be a list";
        }
        return "has the wrong type or format";
    }

    private static String requiredType(org.springframework.beans.TypeMismatchException e) {
        return e.getRequiredType() == null ? "the expected type" : e.getRequiredType().getSimpleName();
    }

    private static @Nullable String path(JacksonException e) {
        var path = e.getPath();
        if (path == null || path.isEmpty()) {
            return null;
        }
        StringBuilder out = new StringBuilder();
        for (var reference : path) {
            if (reference.getPropertyName() != null) {
                if (!out.isEmpty()) {
                    out.append('.');
                }
                out.append(reference.getPropertyName());
            } else if (reference.getIndex() >= 0) {
                out.append('[').append(reference.getIndex()).append(']');
            }
        }
        return out.isEmpty() ? null : out.toString();
    }

    private static String lastNode(String propertyPath) {
        int dot = propertyPath.lastIndexOf('.');
        return dot < 0 ? propertyPath : propertyPath.substring(dot + 1);
    }

    private static <T extends Throwable> @Nullable T findCause(Throwable e, Class<T> type) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (type.isInstance(t)) {
                return type.cast(t);
            }
        }
        return null;
    }
}
