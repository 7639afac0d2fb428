package dev.pitboss.crds;

import com.fasterxml.jackson.annotation.JsonInclude;
import io.fabric8.kubernetes.api.model.Condition;
import java.util.List;

/**
 * Where a tournament stands. {@code entrants} and {@code playersLeft} are reported by the
 * matchmaker, which registers and busts players; the operator owns every other field.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record TournamentStatus(
    Long observedGeneration,
    TournamentPhase phase,
    Integer entrants,
    Integer playersLeft,
    Integer currentLevel,
    Integer tables,
    Money prizePool,
    String startedAt,
    List<Placement> placements,
    List<Condition> conditions) {}
