package dev.pitboss.matchmaker;

import io.micronaut.context.annotation.Replaces;
import io.micronaut.http.HttpRequest;
import io.micronaut.http.HttpResponse;
import io.micronaut.http.MediaType;
import io.micronaut.http.MutableHttpResponse;
import io.micronaut.http.annotation.Produces;
import io.micronaut.http.server.exceptions.ExceptionHandler;
import io.micronaut.http.server.exceptions.response.ErrorContext;
import io.micronaut.http.server.exceptions.response.ErrorResponseProcessor;
import jakarta.inject.Singleton;
import java.util.stream.Collectors;

/**
 * Every error leaves as an RFC 9457 problem detail: our own refusals ({@link ProblemException}) and
 * the framework's (malformed JSON, unknown route, wrong method or media type), which Micronaut
 * routes through its {@link ErrorResponseProcessor}.
 */
final class Problems {
  private Problems() {}

  static MutableHttpResponse<Problem> response(Problem problem, Long retryAfter) {
    MutableHttpResponse<Problem> response =
        HttpResponse.<Problem>status(io.micronaut.http.HttpStatus.valueOf(problem.status()))
            .body(problem)
            .contentType(MediaType.of(Problem.MEDIA_TYPE));
    if (retryAfter != null) {
      response.header("Retry-After", Long.toString(retryAfter));
    }
    return response;
  }

  @Singleton
  @Produces(Problem.MEDIA_TYPE)
  static final class ProblemExceptionHandler
      implements ExceptionHandler<ProblemException, HttpResponse<Problem>> {
    @Override
    public HttpResponse<Problem> handle(HttpRequest request, ProblemException e) {
      return response(e.toProblem(request.getPath()), e.retryAfterSeconds());
    }
  }

  @Singleton
  @Replaces(ErrorResponseProcessor.class)
  static final class FrameworkErrors implements ErrorResponseProcessor<Problem> {
    @Override
    public MutableHttpResponse<Problem> processResponse(
        ErrorContext context, MutableHttpResponse<?> response) {
      int status = response.code();
      String detail =
          context.getErrors().stream()
              .map(io.micronaut.http.server.exceptions.response.Error::getMessage)
              .collect(Collectors.joining("; "));
      String code =
          switch (status) {
            case 400 -> "malformed-request";
            case 404 -> "not-found";
            case 405 -> "method-not-allowed";
            case 406 -> "not-acceptable";
            case 415 -> "unsupported-media-type";
            default -> status >= 500 ? "internal-error" : "bad-request";
          };
      if (status >= 500) {
        // The cause stays in the log; a client learns nothing about our internals.
        detail = "the matchmaker failed to handle the request; it was not applied";
      }
      var problem =
          Problem.of(
              code,
              response.reason(),
              status,
              detail.isEmpty() ? response.reason() : detail,
              context.getRequest().getPath());
      @SuppressWarnings({"unchecked", "rawtypes"})
      MutableHttpResponse<Problem> typed = (MutableHttpResponse) response;
      return typed.body(problem).contentType(MediaType.of(Problem.MEDIA_TYPE));
    }
  }
}
