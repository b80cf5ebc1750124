package io.jifen.platform.problem;

import org.jspecify.annotations.Nullable;

/** One bad field of a request, or one bad cell of an uploaded file ({@code line} is then its 1-based line). */
public record FieldProblem(@Nullable Integer line, String field, String message) {

    public static FieldProblem of(String field, String message) {
        return new FieldProblem(null, field, message);
    }
}
