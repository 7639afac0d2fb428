package dev.pitboss.agones.sdk;

import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import java.util.Locale;

/**
 * A call to the Agones SDK server failed. The real sdk-server answers most refusals of the beta
 * Lists and Counters API with gRPC status UNKNOWN and a message starting with a reason ("out of
 * range. ...", "already exists. ...", "not found ..."); {@link #reason()} reads either.
 */
public final class AgonesSdkException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  /** Why the SDK server refused, as far as its answer tells. */
  public enum Reason {
    /** No such list, counter or value. */
    NOT_FOUND,
    /** The value is already in the list. */
    ALREADY_EXISTS,
    /** A list or counter has no room, or a capacity or count is outside its bounds. */
    OUT_OF_RANGE,
    /** The request itself is invalid (e.g. a label key that is not a qualified name). */
    INVALID_ARGUMENT,
    /** The SDK server did not answer (not running, restarting, deadline passed). */
    UNAVAILABLE,
    /** Anything else; {@link #getMessage()} has the server's words. */
    OTHER
  }

  private final Status.Code code;
  private final Reason reason;

  AgonesSdkException(String operation, StatusRuntimeException cause) {
    super(
        operation
            + " failed: "
            + cause.getStatus().getCode()
            + (cause.getStatus().getDescription() == null
                ? ""
                : ": " + cause.getStatus().getDescription()),
        cause);
    this.code = cause.getStatus().getCode();
    this.reason = reasonOf(cause.getStatus());
  }

  /** The gRPC status code the server answered with. */
  public Status.Code code() {
    return code;
  }

  public Reason reason() {
    return reason;
  }

  static Reason reasonOf(Status status) {
    Reason byCode =
        switch (status.getCode()) {
          case NOT_FOUND -> Reason.NOT_FOUND;
          case ALREADY_EXISTS -> Reason.ALREADY_EXISTS;
          case OUT_OF_RANGE -> Reason.OUT_OF_RANGE;
          case INVALID_ARGUMENT -> Reason.INVALID_ARGUMENT;
          case UNAVAILABLE, DEADLINE_EXCEEDED -> Reason.UNAVAILABLE;
          default -> null;
        };
    if (byCode != null) {
      return byCode;
    }
    String message =
        status.getDescription() == null ? "" : status.getDescription().toLowerCase(Locale.ROOT);
    if (message.startsWith("out of range")) {
      return Reason.OUT_OF_RANGE;
    }
    if (message.startsWith("already exists")) {
      return Reason.ALREADY_EXISTS;
    }
    if (message.startsWith("not found")
        || message.startsWith("list not found")
        || message.startsWith("counter not found")) {
      return Reason.NOT_FOUND;
    }
    if (message.startsWith("invalid argument")) {
      return Reason.INVALID_ARGUMENT;
    }
    return Reason.OTHER;
  }
}
