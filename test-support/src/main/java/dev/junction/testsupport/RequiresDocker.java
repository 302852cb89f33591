/*
 * Copyright 2026 the Junction authors.
 */

package dev.junction.testsupport;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Marks a suite that exists only to run against Docker containers (a real
 * {@code hashicorp/consul}, say). It is skipped, with a message saying so, wherever no
 * Docker engine answers, CI included.
 */
@Target({ ElementType.TYPE, ElementType.METHOD })
@Retention(RetentionPolicy.RUNTIME)
@Documented
@ExtendWith(RequiresDockerCondition.class)
public @interface RequiresDocker {

}
