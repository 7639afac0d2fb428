package dev.pitboss.engine.fairness;

import dev.pitboss.engine.cards.Card;
import java.util.HexFormat;
import java.util.List;

/**
 * The opening of one deck position: the card, its salt, and the sibling hashes from its leaf up to
 * the root ({@link DeckCommitment#DEPTH} of them, leaf level first). Reveals nothing about any
 * other position: the siblings are hashes of salted leaves.
 */
public record CardReveal(int position, Card card, String salt, List<String> path) {

  public CardReveal {
    if (position < 0 || position > 51) {
      throw new IllegalArgumentException("deck position " + position + " is outside 0..51");
    }
    if (card == null) throw new IllegalArgumentException("a reveal needs the card");
    requireHex("salt", salt, DeckCommitment.SALT_BYTES);
    if (path == null || path.size() != DeckCommitment.DEPTH) {
      throw new IllegalArgumentException(
          "a Merkle path has "
              + DeckCommitment.DEPTH
              + " hashes, got "
              + (path == null ? "none" : path.size()));
    }
    for (int i = 0; i < path.size(); i++) requireHex("path hash " + i, path.get(i), 32);
    path = List.copyOf(path);
  }

  static void requireHex(String what, String hex, int bytes) {
    if (hex == null || hex.length() != 2 * bytes || !hex.chars().allMatch(HexFormat::isHexDigit)) {
      throw new IllegalArgumentException(
          what + " must be " + 2 * bytes + " hex digits, got '" + hex + "'");
    }
  }
}
