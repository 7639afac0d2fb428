package dev.pitboss.crds;

import com.fasterxml.jackson.annotation.JsonProperty;

/** The poker variants a table can deal. The CRD's enum lists the same values. */
public enum Game {
  @JsonProperty("nlhe")
  NLHE
}
