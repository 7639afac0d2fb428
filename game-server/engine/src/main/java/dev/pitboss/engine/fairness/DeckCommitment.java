package dev.pitboss.engine.fairness;

import dev.pitboss.engine.cards.Card;
import dev.pitboss.engine.cards.Deck;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.stream.IntStream;

/**
 * Per-card commitment to a deck: a SHA-256 Merkle tree over salted card leaves. The root is
 * published before the deal; afterwards each player gets {@link #reveal(int)} for the positions
 * they may see (the board, their own cards, hands shown at showdown) and can {@link #verify} each
 * against the root. {@link #revealAll()} is for the audit log only.
 *
 * <p>Why per card: revealing the whole deck would expose mucked hands. Why a salt per leaf: a leaf
 * over just (position, card) could be brute-forced from 52 guesses. Leaves, inner nodes and padding
 * hash under different one-byte prefixes, so no node can be passed off as another kind. The 52
 * leaves are padded to 64 with fixed empty leaves, giving a path of {@link #DEPTH} hashes.
 */
public final class DeckCommitment {

  static final int SALT_BYTES = 16;
  static final int DEPTH = 6;
  private static final int WIDTH = 1 << DEPTH;
  private static final byte LEAF = 0, NODE = 1, EMPTY = 2;
  private static final HexFormat HEX = HexFormat.of();

  private final Deck deck;
  private final byte[][] salts;

  /**
   * Heap order: node 1 is the root, node k has children 2k and 2k+1, leaves are WIDTH..2*WIDTH-1.
   */
  private final byte[][] tree;

  private DeckCommitment(Deck deck, byte[][] salts) {
    this.deck = deck;
    this.salts = salts;
    this.tree = new byte[2 * WIDTH][];
    var sha = sha256();
    for (int p = 0; p < WIDTH; p++) {
      tree[WIDTH + p] = p < 52 ? leaf(sha, p, deck.get(p), salts[p]) : empty(sha, p);
    }
    for (int k = WIDTH - 1; k >= 1; k--) tree[k] = node(sha, tree[2 * k], tree[2 * k + 1]);
  }

  public static DeckCommitment commit(Deck deck, SecureRandom saltSource) {
    if (deck == null) throw new IllegalArgumentException("no deck to commit to");
    if (saltSource == null) throw new IllegalArgumentException("salts need a SecureRandom");
    // One generate call for all 52 salts: a DRBG call has a fixed cost far above 16 bytes' worth.
    byte[] all = new byte[52 * SALT_BYTES];
    saltSource.nextBytes(all);
    byte[][] salts = new byte[52][];
    for (int p = 0; p < 52; p++) {
      salts[p] = Arrays.copyOfRange(all, p * SALT_BYTES, (p + 1) * SALT_BYTES);
    }
    return new DeckCommitment(deck, salts);
  }

  /** The Merkle root in hex; published before the deal. */
  public String root() {
    return HEX.formatHex(tree[1]);
  }

  /** The card at a deck position with its salt and Merkle path. */
  public CardReveal reveal(int position) {
    if (position < 0 || position > 51) {
      throw new IllegalArgumentException("deck position " + position + " is outside 0..51");
    }
    var path = new ArrayList<String>(DEPTH);
    for (int k = WIDTH + position; k > 1; k >>= 1) path.add(HEX.formatHex(tree[k ^ 1]));
    return new CardReveal(position, deck.get(position), HEX.formatHex(salts[position]), path);
  }

  /** Every position opened: the full reveal for the operator's and regulator's audit log. */
  public List<CardReveal> revealAll() {
    return IntStream.range(0, 52).mapToObj(this::reveal).toList();
  }

  /** Whether a revealed card is the one committed at its position under this root. */
  public static boolean verify(String root, CardReveal reveal) {
    CardReveal.requireHex("root", root, 32);
    if (reveal == null) throw new IllegalArgumentException("no reveal to verify");
    var sha = sha256();
    byte[] hash = leaf(sha, reveal.position(), reveal.card(), HEX.parseHex(reveal.salt()));
    int k = WIDTH + reveal.position();
    for (String sibling : reveal.path()) {
      byte[] s = HEX.parseHex(sibling);
      hash = (k & 1) == 0 ? node(sha, hash, s) : node(sha, s, hash);
      k >>= 1;
    }
    return MessageDigest.isEqual(hash, HEX.parseHex(root));
  }

  private static byte[] leaf(MessageDigest sha, int position, Card card, byte[] salt) {
    sha.update(LEAF);
    sha.update((byte) position);
    sha.update((byte) card.index());
    sha.update(salt);
    return sha.digest();
  }

  private static byte[] empty(MessageDigest sha, int position) {
    sha.update(EMPTY);
    sha.update((byte) position);
    return sha.digest();
  }

  private static byte[] node(MessageDigest sha, byte[] left, byte[] right) {
    sha.update(NODE);
    sha.update(left);
    sha.update(right);
    return sha.digest();
  }

  private static MessageDigest sha256() {
    try {
      return MessageDigest.getInstance("SHA-256");
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("every JDK has SHA-256", e);
    }
  }
}
