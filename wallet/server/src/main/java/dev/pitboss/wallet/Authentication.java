package dev.pitboss.wallet;

import io.grpc.Context;
import io.grpc.Contexts;
import io.grpc.Grpc;
import io.grpc.Metadata;
import io.grpc.ServerCall;
import io.grpc.ServerCallHandler;
import io.grpc.ServerInterceptor;

/**
 * Puts the caller's identity, or why it has none, into the call's context. Over mutual TLS the
 * identity is the SPIFFE id of the verified client certificate and headers are ignored; only in
 * plaintext development mode (loopback only) does the {@code x-pitboss-caller} header name it. The
 * call template refuses a call without identity (UNAUTHENTICATED) and audits the refusal.
 */
final class Authentication implements ServerInterceptor {
  static final Context.Key<Identity> IDENTITY = Context.key("pitboss-identity");
  static final Context.Key<String> REFUSAL = Context.key("pitboss-unauthenticated");

  static final Metadata.Key<String> CALLER_HEADER =
      Metadata.Key.of("x-pitboss-caller", Metadata.ASCII_STRING_MARSHALLER);

  /** Null in plaintext development mode. */
  private final PeerVerifier verifier;

  private Authentication(PeerVerifier verifier) {
    this.verifier = verifier;
  }

  static Authentication mutualTls(PeerVerifier verifier) {
    return new Authentication(verifier);
  }

  static Authentication developmentHeader() {
    return new Authentication(null);
  }

  @Override
  public <Q, R> ServerCall.Listener<Q> interceptCall(
      ServerCall<Q, R> call, Metadata headers, ServerCallHandler<Q, R> next) {
    Context context;
    try {
      context = Context.current().withValue(IDENTITY, identify(call, headers));
    } catch (PeerVerifier.Refused e) {
      context = Context.current().withValue(REFUSAL, e.getMessage());
    }
    return Contexts.interceptCall(context, call, headers, next);
  }

  private Identity identify(ServerCall<?, ?> call, Metadata headers) throws PeerVerifier.Refused {
    if (verifier != null) {
      return verifier.identity(call.getAttributes().get(Grpc.TRANSPORT_ATTR_SSL_SESSION));
    }
    String claimed = headers.get(CALLER_HEADER);
    if (claimed == null || claimed.isBlank()) {
      throw new PeerVerifier.Refused("plaintext development mode: no x-pitboss-caller header");
    }
    try {
      return Identity.parse(claimed.strip());
    } catch (IllegalArgumentException e) {
      throw new PeerVerifier.Refused("plaintext development mode: " + e.getMessage());
    }
  }
}
