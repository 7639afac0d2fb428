package dev.pitboss.engine.bots;

import dev.pitboss.engine.game.Action;
import dev.pitboss.engine.game.HandState;
import java.util.random.RandomGenerator;

/**
 * A player that decides for the seat to act. Bots see the whole in-process state, including their
 * own hole cards; they must not look at anyone else's. Given the same generator state they decide
 * the same, so a test or a load run is reproducible from its seed.
 */
public interface Bot {

  /** An action that is legal in {@code state} for the seat to act. */
  Action decide(HandState state, RandomGenerator rng);
}
