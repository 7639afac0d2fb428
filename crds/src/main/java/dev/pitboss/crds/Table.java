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
 * A cash-game table type ({@code tables.pitboss.dev}). The schema lives in {@code
 * crds/kubernetes/tables.pitboss.dev.yaml}; this class only mirrors it for the operator.
 */
@Group(Table.GROUP)
@Version(Table.VERSION)
@Kind("Table")
@Plural("tables")
@Singular("table")
@ShortNames("tbl")
public class Table extends CustomResource<TableSpec, TableStatus> implements Namespaced {
  public static final String GROUP = "pitboss.dev";
  public static final String VERSION = "v1alpha1";
}
