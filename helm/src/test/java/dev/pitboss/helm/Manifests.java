package dev.pitboss.helm;

import java.util.Arrays;
import java.util.List;
import java.util.regex.Pattern;

/** The documents of a multi-document YAML stream as helm renders it. */
final class Manifests {
  private Manifests() {}

  private static final Pattern KIND = Pattern.compile("(?m)^kind: (\\S+)");
  private static final Pattern API_VERSION = Pattern.compile("(?m)^apiVersion: (\\S+)");

  /** The non-empty documents, comments kept. */
  static List<String> documents(String yaml) {
    return Arrays.stream(yaml.split("(?m)^---\\s*$"))
        .filter(doc -> KIND.matcher(doc).find())
        .toList();
  }

  static String kind(String doc) {
    var m = KIND.matcher(doc);
    return m.find() ? m.group(1) : "";
  }

  static String apiVersion(String doc) {
    var m = API_VERSION.matcher(doc);
    return m.find() ? m.group(1) : "";
  }

  static String join(List<String> docs) {
    return String.join("\n---\n", docs) + "\n";
  }
}
