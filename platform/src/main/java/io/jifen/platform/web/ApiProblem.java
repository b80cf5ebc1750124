package io.jifen.platform.web;

import java.net.URI;
import java.util.List;

import org.springframework.http.HttpStatus;

/** A failure that the caller caused and can read about: answered as problem+json with its status and type. */
public class ApiProblem extends RuntimeException {

    private final HttpStatus status;
    private final URI type;
    private final String title;
    private final List<FieldProblem> errors;

    public ApiProblem(HttpStatus status, URI type, String title, String detail, List<FieldProblem> errors) {
        super(detail);
        this.status = status;
        this.type = type;
        this.title = title;
        this.errors = List.copyOf(errors);
    }

    public static ApiProblem notFound(String what) {
        return new ApiProblem(HttpStatus.NOT_FOUND, ProblemType.NOT_FOUND, "Not found", what + " does not exist", List.of());
    }

    public static ApiProblem conflict(String slug, String detail) {
        return new ApiProblem(HttpStatus.CONFLICT, ProblemType.of(slug), "Conflict", detail, List.of());
    }

    public static ApiProblem invalid(String detail, List<FieldProblem> errors) {
        return new ApiProblem(HttpStatus.BAD_REQUEST, ProblemType.VALIDATION, "Invalid request", detail, errors);
    }

    public static ApiProblem invalidField(String field, String message) {
        return invalid(field + ": " + message, List.of(FieldProblem.of(field, message)));
    }

    public HttpStatus status() {
        return status;
    }

    public URI type() {
        return type;
    }

    public String title() {
        return title;
    }

    public List<FieldProblem> errors() {
        return errors;
    }
}
