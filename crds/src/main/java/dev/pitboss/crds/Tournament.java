package dev.pitboss.crds;

import io.fabric8.kubernetes.api.model.Namespaced;
import io.fabric8.kubernetes.client.CustomResource;
import io.fabric8.kubernetes.model.annotation.Group;
import io.fabric8.kubernetes.model.annotation.Kind;
import io.fabric8.kubernetes.model.annotation.Plural;
import io.fabric8.kubernetes.model.annotation.ShortNames;
import io.fabric8.kubernetes.model.annotation.Singular;
import io.fabric8.kubernetes.model.annotation.Version;

/**
 * A scheduled tournament or sit-and-go ({@code tournaments.pitboss.dev}). The schema lives in
 * {@code crds/kubernetes/tournaments.pitboss.dev.yaml}.
 */
@Group(Table.GROUP)
@Version(Table.VERSION)
@Kind("Tournament")
@Plural("tournaments")
@Singular("tournament")
@ShortNames({"tourney", "trn"})
public class Tournament extends CustomResource<TournamentSpec, TournamentStatus>
    implements Namespaced {}
