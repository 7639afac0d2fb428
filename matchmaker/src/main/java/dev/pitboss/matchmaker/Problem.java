package dev.pitboss.matchmaker;

import com.fasterxml.jackson.annotation.JsonInclude;
import io.micronaut.serde.annotation.Serdeable;

/**
 * An RFC 9457 problem detail, sent as {@code application/problem+json}. {@code type} is a stable
 * URI per kind of problem ({@code https://pitboss.dev/problems/<code>}), so a client switches on it
 * rather than on the human-readable {@code detail}.
 */
@Serdeable
@JsonInclude(JsonInclude.Include.NON_NULL)
public record Problem(String type, String title, int status, String detail, String instance) {

  public static final String MEDIA_TYPE = "application/problem+json";
  public static final String TYPE_BASE = "https://pitboss.dev/problems/";

  public static Problem of(String code, String title, int status, String detail, String instance) {
    return new Problem(TYPE_BASE + code, title, status, detail, instance);
  }
}
