package dev.pitboss.wallet;

import java.time.Duration;
import java.util.UUID;
import java.util.stream.Collectors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What the wallet does on its own, as {@link Identity#WALLET}, every housekeeping interval: it
 * releases holds past their expiry (status EXPIRED, one audit row naming them) and sweeps the house
 * and payments shards into their main accounts (SWEEP transfers in the journal, audited). Each step
 * is one SERIALIZABLE transaction with the usual retries; running it on several replicas at once is
 * safe, they simply conflict and one finds nothing left to do.
 */
final class Housekeeping implements Runnable {
  private static final Logger log = LoggerFactory.getLogger(Housekeeping.class);

  private final Ledger ledger;
  private final HotAccounts hot;
  private final Transactor transactor;
  private final CallTemplate audit;
  private final Duration deadline;

  Housekeeping(
      Ledger ledger,
      HotAccounts hot,
      Transactor transactor,
      CallTemplate audit,
      Duration deadline) {
    this.ledger = ledger;
    this.hot = hot;
    this.transactor = transactor;
    this.audit = audit;
    this.deadline = deadline;
  }

  @Override
  public void run() {
    try {
      expireHolds();
      var due =
          transactor.run("SweepShards", System.nanoTime() + deadline.toNanos(), hot::withBalance);
      for (var shard : due) {
        sweep(shard.main(), shard.id());
      }
    } catch (RuntimeException e) {
      log.warn("housekeeping failed; next round retries: {}", e.getMessage());
    }
  }

  int expireHolds() {
    return transactor.run(
        "ExpireHolds",
        System.nanoTime() + deadline.toNanos(),
        db -> {
          var batch = new Batch();
          var expired = ledger.expire(db, batch);
          if (expired.isEmpty()) {
            db.rollback();
            return 0;
          }
          audit.audit(
              batch,
              Identity.WALLET.spiffeId(),
              "ExpireHolds",
              null,
              new byte[0],
              "APPLIED",
              "OK",
              "expired "
                  + expired.size()
                  + " hold(s): "
                  + expired.stream()
                      .map(h -> h.getHoldId() + " " + h.getReference())
                      .collect(Collectors.joining(", ")));
          batch.executeAndCommit(db, System.nanoTime() + deadline.toNanos());
          return expired.size();
        });
  }

  private void sweep(UUID main, UUID shard) {
    transactor.run(
        "SweepShards",
        System.nanoTime() + deadline.toNanos(),
        db -> {
          var batch = new Batch();
          if (!hot.sweep(db, batch, main, shard)) {
            db.rollback();
            return false;
          }
          audit.audit(
              batch,
              Identity.WALLET.spiffeId(),
              "SweepShards",
              null,
              new byte[0],
              "APPLIED",
              "OK",
              "swept " + shard + " into " + main);
          batch.executeAndCommit(db, System.nanoTime() + deadline.toNanos());
          return true;
        });
  }
}
