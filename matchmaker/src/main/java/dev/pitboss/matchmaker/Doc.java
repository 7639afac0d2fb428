package dev.pitboss.matchmaker;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * The human part of an endpoint's OpenAPI entry: a summary, a description, and the problem codes it
 * may answer with. {@link OpenApi} reads it beside the route itself.
 */
@Retention(RetentionPolicy.RUNTIME)
@Target(ElementType.METHOD)
@interface Doc {
  String value();

  String description() default "";

  /** Problem codes with their status, e.g. {@code "404 unknown-table-type"}. */
  String[] problems() default {};

  boolean authenticated() default false;
}
