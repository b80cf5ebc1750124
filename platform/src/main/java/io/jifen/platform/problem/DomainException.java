package io.jifen.platform.problem;

import java.util.List;

/**
 * A refusal the caller caused or can act on, with a stable problem type (a slug such as {@code insufficient-points}), a
 * title and a human detail; for bad input, each bad field. Services throw it; only the web layer turns it into HTTP.
 * It is an answer, not a fault, so it carries no stack trace: filling one in costs more than many a refusal's work (a
 * flash sale answers thousands of "sold out" a second).
 */
public class DomainException extends RuntimeException {

    private final ProblemKind kind;
    private final String type;
    private final String title;
    private final List<FieldProblem> errors;

    public DomainException(ProblemKind kind, String type, String title, String detail) {
        this(kind, type, title, detail, List.of());
    }

    public DomainException(ProblemKind kind, String type, String title, String detail, List<FieldProblem> errors) {
        super(detail, null, false, false);
        this.kind = kind;
        this.type = type;
        this.title = title;
        this.errors = List.copyOf(errors);
    }

    public static DomainException notFound(String what) {
        return new DomainException(ProblemKind.NOT_FOUND, "not-found", "Not found", what + " does not exist");
    }

    public static DomainException conflict(String type, String detail) {
        return new DomainException(ProblemKind.CONFLICT, type, "Conflict", detail);
    }

    public static DomainException invalid(String detail, List<FieldProblem> errors) {
        return new DomainException(ProblemKind.INVALID, "validation", "Invalid request", detail, errors);
    }

    public static DomainException invalidField(String field, String message) {
        return invalid(field + ": " + message, List.of(FieldProblem.of(field, message)));
    }

    public ProblemKind kind() {
        return kind;
    }

    /** The problem type's slug, stable for clients to act on. */
    public String type() {
        return type;
    }

    public String title() {
        return title;
    }

    public List<FieldProblem> errors() {
        return errors;
    }
}
