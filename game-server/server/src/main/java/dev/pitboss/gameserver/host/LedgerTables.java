package dev.pitboss.gameserver.host;

import dev.pitboss.crds.TableRules;
import dev.pitboss.engine.fairness.Shuffler;
import dev.pitboss.gameserver.money.WalletBank;
import dev.pitboss.gameserver.ops.GameServerMetrics;
import dev.pitboss.gameserver.table.Bank;
import dev.pitboss.gameserver.table.Table;
import dev.pitboss.gameserver.table.TableActor;
import dev.pitboss.gameserver.table.TournamentDirector;
import dev.pitboss.wallet.v1.WalletGrpc;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.util.Map;

/**
 * Opens tables the production way: a cash table's money in the wallet, reopened from the ledger
 * (the seats whose escrow holds chips are seated again with those chips, and hand numbers go on
 * after the last settled hand); a tournament table reporting to the director.
 */
public final class LedgerTables implements TableHost.TableFactory {

  private final WalletGrpc.WalletBlockingStub wallet;
  private final TournamentDirector director;
  private final Table.Services services;
  private final GameServerMetrics metrics;
  private final Duration walletTimeout;
  private final int logCapacity;

  public LedgerTables(
      WalletGrpc.WalletBlockingStub wallet,
      TournamentDirector director,
      Clock clock,
      Duration pause,
      Duration sitOutLimit,
      Duration walletTimeout,
      GameServerMetrics metrics) {
    this.wallet = wallet;
    this.director = director;
    this.metrics = metrics;
    this.walletTimeout = walletTimeout;
    this.logCapacity = 1024;
    // One DRBG per server, shared by its tables (SecureRandom is thread-safe); salts from another.
    this.services =
        new Table.Services(clock, new Shuffler(), new SecureRandom(), pause, sitOutLimit);
  }

  @Override
  public TableActor open(String id, TableRules rules, TableActor.Watcher watcher) {
    Bank bank = null;
    WalletBank.Recovered recovered = new WalletBank.Recovered(Map.of(), 0);
    if (rules.cash() != null) {
      var walletBank = new WalletBank(wallet, id, rules.cash().currency(), walletTimeout, metrics);
      recovered = walletBank.recover(rules.seats());
      bank = walletBank;
    }
    var ledger = recovered;
    var tableBank = bank;
    var actor =
        TableActor.start(
            listener ->
                Table.open(id, rules, tableBank, director, services, ledger.lastHand(), listener),
            logCapacity,
            services.clock(),
            watcher);
    if (!ledger.seats().isEmpty())
      actor
          .ask(
              t -> {
                ledger.seats().forEach((seat, s) -> t.restore(s.player(), seat, s.chips()));
                return null;
              })
          .join();
    return actor;
  }
}
