package dev.pitboss.crds;

import com.fasterxml.jackson.annotation.JsonInclude;
import io.fabric8.kubernetes.api.model.Condition;
import java.util.List;

/** What is actually running for a {@link Table}, derived from the game servers. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record TableStatus(
    Long observedGeneration,
    TablePhase phase,
    Integer openTables,
    Integer seatedPlayers,
    Integer freeSeats,
    List<Placement> placements,
    List<Condition> conditions) {}
