package dev.pitboss.gameserver.money;

import dev.pitboss.engine.history.Replayer;
import dev.pitboss.history.HandHistoryJson;
import dev.pitboss.wallet.client.WalletChannels;
import dev.pitboss.wallet.v1.GetAttachmentRequest;
import dev.pitboss.wallet.v1.WalletGrpc;
import io.grpc.StatusRuntimeException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Map;

/**
 * Audits settled hands: fetches each hand's history from the wallet (where it was stored with the
 * hand's settlement), checks its SHA-256, replays it with the engine and checks every revealed card
 * against the deck commitment published before the deal. Exit status 0 when every hand checks out,
 * 1 otherwise, 2 on a usage or configuration error.
 *
 * <pre>
 * PITBOSS_WALLET_TARGET=wallet:7443 PITBOSS_WALLET_CERT=… PITBOSS_WALLET_KEY=… PITBOSS_WALLET_CA=… \
 *   java -cp … dev.pitboss.gameserver.money.HandAudit table/default/nlhe-eur/0 12 [13 …]
 * </pre>
 *
 * The certificate is the auditor's ({@code spiffe://pitboss.dev/reconcile}); credentials come from
 * the environment only, never the command line.
 */
public final class HandAudit {
  private HandAudit() {}

  public static void main(String[] args) throws Exception {
    System.exit(run(args, System.getenv(), System.out));
  }

  /** The audit with its environment and output given, as {@link #main} runs it; the exit status. */
  public static int run(String[] args, Map<String, String> env, PrintStream out) throws Exception {
    if (args.length < 2) {
      out.println("usage: HandAudit <tableId> <hand> [<hand> …]");
      return 2;
    }
    var target = env.get("PITBOSS_WALLET_TARGET");
    if (target == null) {
      out.println("PITBOSS_WALLET_TARGET, _CERT, _KEY and _CA must be set");
      return 2;
    }
    var channel =
        WalletChannels.mutualTls(
            target,
            Path.of(env.get("PITBOSS_WALLET_CERT")),
            Path.of(env.get("PITBOSS_WALLET_KEY")),
            Path.of(env.get("PITBOSS_WALLET_CA")));
    try {
      var wallet = WalletGrpc.newBlockingStub(channel);
      boolean allGood = true;
      for (int i = 1; i < args.length; i++)
        allGood &= audit(wallet, args[0] + "/hand/" + args[i], out);
      return allGood ? 0 : 1;
    } finally {
      channel.shutdownNow();
    }
  }

  private static boolean audit(
      WalletGrpc.WalletBlockingStub wallet, String reference, PrintStream out)
      throws NoSuchAlgorithmException {
    try {
      var stored =
          wallet.getAttachment(GetAttachmentRequest.newBuilder().setReference(reference).build());
      var content = stored.getContent().toByteArray();
      var sha = HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(content));
      if (!sha.equals(stored.getSha256())) {
        out.println(reference + ": FAILED: the stored history does not match its SHA-256");
        return false;
      }
      var report =
          Replayer.replay(HandHistoryJson.fromJson(new String(content, StandardCharsets.UTF_8)));
      boolean ok = report.matches() && report.commitmentVerified();
      out.println(
          reference
              + ": "
              + (ok ? "OK" : "FAILED")
              + " (settlement "
              + stored.getTransferId()
              + ", replay "
              + (report.matches() ? "matches" : "differs: " + report.differences())
              + ", deck commitment "
              + (report.commitmentVerified() ? "verified" : "NOT verified")
              + ")");
      return ok;
    } catch (StatusRuntimeException e) {
      out.println(
          reference
              + ": FAILED: "
              + e.getStatus().getCode()
              + " "
              + e.getStatus().getDescription());
      return false;
    } catch (IllegalArgumentException e) {
      out.println(reference + ": FAILED: the stored history is not valid: " + e.getMessage());
      return false;
    }
  }
}
