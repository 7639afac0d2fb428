package dev.pitboss.redis;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/** A password in a file, such as a mounted Secret. */
public final class PasswordFile {

  private PasswordFile() {}

  /**
   * The password a service is configured with: {@code inline} (e.g. from the environment) or the
   * content of {@code file} (a mounted Secret, as {@link #read} gives it); null when neither is
   * set. Both set, a file that cannot be read or an empty one are refused, naming the settings and
   * never the password.
   */
  public static String choose(
      String inline, String file, String inlineSetting, String fileSetting) {
    boolean hasInline = inline != null && !inline.isEmpty();
    boolean hasFile = file != null && !file.isBlank();
    if (hasInline && hasFile) {
      throw new IllegalArgumentException(
          "set " + inlineSetting + " or " + fileSetting + ", not both");
    }
    if (!hasFile) {
      return hasInline ? inline : null;
    }
    String content;
    try {
      content = read(Path.of(file));
    } catch (IOException e) {
      throw new IllegalArgumentException(fileSetting + " " + file + " cannot be read: " + e);
    }
    if (content.isEmpty()) {
      throw new IllegalArgumentException(fileSetting + " " + file + " is empty");
    }
    return content;
  }

  /** The content of {@code file} without one trailing line break ({@code \n} or {@code \r\n}). */
  public static String read(Path file) throws IOException {
    var content = Files.readString(file, StandardCharsets.UTF_8);
    content = content.endsWith("\r\n") ? content.substring(0, content.length() - 2) : content;
    return content.endsWith("\n") ? content.substring(0, content.length() - 1) : content;
  }
}
