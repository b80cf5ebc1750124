package io.jifen.platform.web;

import java.lang.annotation.ElementType;

import jakarta.validation.Path;
import jakarta.validation.TraversableResolver;

import org.springframework.boot.validation.autoconfigure.ValidationConfigurationCustomizer;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * The validator of requests and method arguments reaches every property. Bean Validation's default, with JPA on the
 * class path, asks JPA for every property of every request body whether it is loaded (a reflective look per property
 * and request, about 2 % of a checkout's CPU in the platform); request bodies are records, never entities, and
 * Hibernate validates entities with a validator of its own.
 */
@Configuration(proxyBeanMethods = false)
class RequestValidation {

    @Bean
    ValidationConfigurationCustomizer everyPropertyReachable() {
        return configuration -> configuration.traversableResolver(new TraversableResolver() {
            @Override
            public boolean isReachable(Object bean, Path.Node property, Class<?> rootBeanType, Path propertyPath, ElementType elementType) {
                return true;
            }

            @Override
            public boolean isCascadable(Object bean, Path.Node property, Class<?> rootBeanType, Path propertyPath, ElementType elementType) {
                return true;
            }
        });
    }
}
