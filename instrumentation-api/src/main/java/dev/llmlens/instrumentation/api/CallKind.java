package dev.llmlens.instrumentation.api;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Binds an advice parameter to the call kind of the instrumentation applying it (for example
 * {@code openai.chat}), so one pair of advice classes serves every instrumented method: the kind
 * becomes a constant in the woven code and picks the {@link LlmCallReader} at run time.
 */
@Retention(RetentionPolicy.RUNTIME)
@Target(ElementType.PARAMETER)
public @interface CallKind {}
