package dev.pitboss.matchmaker;

import java.util.regex.Pattern;

/** Table ids and owner prefixes: {@code table/<ns>/<name>/<n>}, {@code tournament/<ns>/<name>/}. */
final class TableIds {
  private TableIds() {}

  /** Kubernetes object names (DNS-1123 subdomain), which is also all a namespace may be. */
  static final Pattern NAME = Pattern.compile("[a-z0-9]([-a-z0-9.]{0,251}[a-z0-9])?");

  /** Player ids go into Redis keys and wallet references, so no separators and a bounded length. */
  static final Pattern PLAYER = Pattern.compile("[A-Za-z0-9._@-]{1,64}");

  static String cashOwner(String namespace, String name) {
    return "table/" + namespace + "/" + name + "/";
  }

  static String tournamentOwner(String namespace, String name) {
    return "tournament/" + namespace + "/" + name + "/";
  }

  static String tournamentTable(String namespace, String name, int n) {
    return tournamentOwner(namespace, name) + n;
  }

  static boolean validName(String s) {
    return s != null && NAME.matcher(s).matches();
  }
}
