package dev.pitboss.matchmaker;

/**
 * A refusal that reaches the client as a problem detail. Thrown before anything is changed, or
 * after what was changed has been undone, so a refused request leaves no trace.
 */
public final class ProblemException extends RuntimeException {
  private final String code;
  private final String title;
  private final int status;
  private final Long retryAfterSeconds;

  public ProblemException(String code, String title, int status, String detail) {
    this(code, title, status, detail, null);
  }

  public ProblemException(
      String code, String title, int status, String detail, Long retryAfterSeconds) {
    super(detail, null, false, false);
    this.code = code;
    this.title = title;
    this.status = status;
    this.retryAfterSeconds = retryAfterSeconds;
  }

  public String code() {
    return code;
  }

  public int status() {
    return status;
  }

  public Long retryAfterSeconds() {
    return retryAfterSeconds;
  }

  public Problem toProblem(String instance) {
    return Problem.of(code, title, status, getMessage(), instance);
  }

  static ProblemException badRequest(String code, String title, String detail) {
    return new ProblemException(code, title, 400, detail);
  }

  static ProblemException notFound(String code, String title, String detail) {
    return new ProblemException(code, title, 404, detail);
  }

  static ProblemException conflict(String code, String title, String detail) {
    return new ProblemException(code, title, 409, detail);
  }

  static ProblemException unprocessable(String code, String title, String detail) {
    return new ProblemException(code, title, 422, detail);
  }

  static ProblemException unauthorized(String detail) {
    return new ProblemException("unauthorized", "Not authenticated", 401, detail);
  }

  static ProblemException unavailable(String code, String title, String detail, long retryAfter) {
    return new ProblemException(code, title, 503, detail, retryAfter);
  }
}
