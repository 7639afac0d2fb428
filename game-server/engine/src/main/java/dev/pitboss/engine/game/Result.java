package dev.pitboss.engine.game;

/** The answer to an action: the next state, or the reason it was refused. */
public sealed interface Result {

  record Accepted(HandState state) implements Result {}

  record Rejected(Rejection rejection) implements Result {}

  default boolean accepted() {
    return this instanceof Accepted;
  }

  /** The next state; throws if the action was rejected (for callers that know it is legal). */
  default HandState state() {
    return switch (this) {
      case Accepted a -> a.state();
      case Rejected r ->
          throw new IllegalStateException(
              "action rejected: " + r.rejection().reason() + ": " + r.rejection().message());
    };
  }
}
