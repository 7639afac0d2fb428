package dev.pitboss.history;

import dev.pitboss.engine.history.HandHistory;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.DeserializationFeature;
import tools.jackson.databind.PropertyNamingStrategies;
import tools.jackson.databind.SerializationFeature;
import tools.jackson.databind.json.JsonMapper;

/**
 * The JSON form of a {@link HandHistory} ({@code pitboss-hh/1}: snake_case keys, indented). The
 * engine builds the history ({@code HandHistories.of}); this class writes and reads it.
 */
public final class HandHistoryJson {

  // Strict on read: a history is evidence, so a misspelt or missing field is an error, not a 0.
  private static final JsonMapper JSON =
      JsonMapper.builder()
          .propertyNamingStrategy(PropertyNamingStrategies.SNAKE_CASE)
          .enable(SerializationFeature.INDENT_OUTPUT)
          .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
          .enable(DeserializationFeature.FAIL_ON_NULL_CREATOR_PROPERTIES)
          .enable(DeserializationFeature.FAIL_ON_MISSING_CREATOR_PROPERTIES)
          .build();

  private HandHistoryJson() {}

  public static String toJson(HandHistory history) {
    return JSON.writeValueAsString(history);
  }

  /**
   * Parses a history; a malformed one is an {@link IllegalArgumentException} saying what is wrong.
   */
  public static HandHistory fromJson(String json) {
    try {
      return JSON.readValue(json, HandHistory.class);
    } catch (JacksonException e) {
      throw new IllegalArgumentException("not a valid hand history: " + e.getOriginalMessage(), e);
    }
  }

  public static HandHistory read(Path file) {
    try {
      return fromJson(Files.readString(file));
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read " + file, e);
    }
  }

  public static void write(HandHistory history, Path file) {
    try {
      Files.writeString(file, toJson(history) + "\n");
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write " + file, e);
    }
  }
}
