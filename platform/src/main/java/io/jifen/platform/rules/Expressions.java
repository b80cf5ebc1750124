package io.jifen.platform.rules;

import java.util.List;
import java.util.Map;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import dev.cel.common.CelAbstractSyntaxTree;
import dev.cel.common.CelOptions;
import dev.cel.common.CelValidationException;
import dev.cel.common.CelValidationResult;
import dev.cel.common.ast.CelExpr;
import dev.cel.common.navigation.CelNavigableAst;
import dev.cel.common.types.MapType;
import dev.cel.common.types.SimpleType;
import dev.cel.compiler.CelCompiler;
import dev.cel.compiler.CelCompilerFactory;
import dev.cel.parser.CelStandardMacro;
import dev.cel.runtime.CelEvaluationException;
import dev.cel.runtime.CelRuntime;
import dev.cel.runtime.CelRuntimeFactory;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Advanced rule conditions written in CEL (Common Expression Language, Google's cel-java): side-effect free, always
 * terminating, no access to anything but the variables given. An expression must compile to a boolean over
 * {@code event} (type, amountFen, store, region, channel, categories, skus, attributes), {@code member} (audience, tier,
 * segment, firstOrder, birthdayMonth) and {@code day} / {@code weekday} / {@code hour} (tenant time zone), e.g.
 * {@code event.amountFen >= 50000 && 'milk' in event.categories && member.tier == 'gold'}, with the standard macros
 * ({@code event.skus.exists(s, s.startsWith('MILK-'))}). Compiled programs are kept
 * in memory by their text.
 */
final class Expressions {

    private static final Logger log = LoggerFactory.getLogger(Expressions.class);
    /**
     * Bounds on the work one expression may do: the text and its nesting are bounded when it is compiled, a macro
     * (all, exists, map, filter) may not run inside another, and one macro stops after {@value #MAX_ITERATIONS}
     * iterations (an event has at most a few hundred items), the evaluation then not holding.
     */
    static final int MAX_LENGTH = 2_000;
    static final int MAX_ITERATIONS = 1_000;
    private static final CelOptions OPTIONS = CelOptions.current()
            .maxExpressionCodePointSize(MAX_LENGTH)
            .maxParseRecursionDepth(32)
            .comprehensionMaxIterations(MAX_ITERATIONS)
            .build();
    private static final CelCompiler COMPILER = CelCompilerFactory.standardCelCompilerBuilder()
            .setOptions(OPTIONS)
            // has(), all(), exists(), exists_one(), map(), filter(): e.g. an item of a category above an amount.
            .setStandardMacros(CelStandardMacro.STANDARD_MACROS)
            .addVar("event", MapType.create(SimpleType.STRING, SimpleType.DYN))
            .addVar("member", MapType.create(SimpleType.STRING, SimpleType.DYN))
            .addVar("day", SimpleType.INT)
            .addVar("weekday", SimpleType.INT)
            .addVar("hour", SimpleType.INT)
            .setResultType(SimpleType.BOOL)
            .build();
    private static final CelRuntime RUNTIME = CelRuntimeFactory.standardCelRuntimeBuilder().setOptions(OPTIONS).build();
    private static final Cache<String, CelRuntime.Program> PROGRAMS = Caffeine.newBuilder().maximumSize(10_000).build();
    /** Variables an expression can name, for the error message. */
    static final List<String> VARIABLES = List.of("event", "member", "day", "weekday", "hour");

    private Expressions() {
    }

    /** Why the expression does not compile to a boolean, or null if it does. */
    static @Nullable String problem(String expression) {
        if (expression.length() > MAX_LENGTH) {
            return "at most 2,000 characters";
        }
        CelValidationResult result = COMPILER.compile(expression);
        if (result.hasError()) {
            return result.getErrorString();
        }
        try {
            boolean nested = CelNavigableAst.fromAst(result.getAst()).getRoot().allNodes()
                    .filter(node -> node.getKind() == CelExpr.ExprKind.Kind.COMPREHENSION)
                    .anyMatch(node -> node.descendants().anyMatch(inner -> inner.getKind() == CelExpr.ExprKind.Kind.COMPREHENSION));
            return nested ? "a macro (all, exists, exists_one, map, filter) may not be used inside another" : null;
        } catch (CelValidationException e) {
            return e.getMessage();
        }
    }

    /** Evaluates a (validated) expression; one that fails at run time (a missing key, say) does not hold. */
    static boolean holds(String expression, Map<String, Object> variables) {
        try {
            Object result = program(expression).eval(variables);
            return Boolean.TRUE.equals(result);
        } catch (CelEvaluationException | CelValidationException e) {
            log.debug("expression {} did not evaluate: {}", expression, e.getMessage());
            return false;
        }
    }

    private static CelRuntime.Program program(String expression) throws CelValidationException, CelEvaluationException {
        CelRuntime.Program program = PROGRAMS.getIfPresent(expression);
        if (program == null) {
            CelAbstractSyntaxTree ast = COMPILER.compile(expression).getAst();
            program = RUNTIME.createProgram(ast);
            PROGRAMS.put(expression, program);
        }
        return program;
    }
}
