package dev.pitboss.redis;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/** A password in a file, such as a mounted Secret. */
public final class PasswordFile {

  private PasswordFile() {}

  /**
   * The content of {@code file} without one trailing line break ({@code \n} or {@code \r\n}); may
   * be empty, which the caller refuses in its own words.
   */
  public static String read(Path file) throws IOException {
    var content = Files.readString(file, StandardCharsets.UTF_8);
    content = content.endsWith("\r\n") ? content.substring(0, content.length() - 2) : content;
    return content.endsWith("\n") ? content.substring(0, content.length() - 1) : content;
  }
}
