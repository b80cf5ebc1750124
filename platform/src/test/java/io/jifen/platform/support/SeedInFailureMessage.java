package io.jifen.platform.support;

import net.jqwik.api.Example;
import net.jqwik.api.lifecycle.AroundPropertyHook;
import net.jqwik.api.lifecycle.PropagationMode;
import net.jqwik.api.lifecycle.PropertyExecutionResult;
import net.jqwik.api.lifecycle.PropertyExecutor;
import net.jqwik.api.lifecycle.PropertyLifecycleContext;

/**
 * Puts a failed property's seed into its failure. jqwik prints the seed with the samples on standard output, which
 * Surefire sends to {@code target/surefire-reports/<class>-output.txt}; the failure is what the console (and CI's log)
 * shows. Registered for every property in {@code META-INF/services/net.jqwik.api.lifecycle.LifecycleHook}.
 */
public class SeedInFailureMessage implements AroundPropertyHook {

    @Override
    public PropertyExecutionResult aroundProperty(PropertyLifecycleContext context, PropertyExecutor property) {
        PropertyExecutionResult result = property.execute();
        if (result.status() != PropertyExecutionResult.Status.FAILED || result.seed().isEmpty() || context.findAnnotation(Example.class).isPresent()) {
            return result;
        }
        String seed = result.seed().get();
        Throwable failure = result.throwable().orElse(null);
        return result.mapToFailed(new AssertionError("""
                %s failed with seed %s: %s
                  replay it with @Property(seed = "%s") on the property (the samples are in target/surefire-reports/%s-output.txt)"""
                .formatted(context.extendedLabel(), seed, failure, seed, context.containerClass().getName()), failure));
    }

    @Override
    public PropagationMode propagateTo() {
        return PropagationMode.ALL_DESCENDANTS;
    }
}
