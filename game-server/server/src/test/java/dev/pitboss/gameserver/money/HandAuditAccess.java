package dev.pitboss.gameserver.money;

import java.io.PrintStream;
import java.util.Map;

/** Lets the integration tests run {@link HandAudit} without exiting the JVM. */
public final class HandAuditAccess {
  private HandAuditAccess() {}

  public static int run(String[] args, Map<String, String> env, PrintStream out) throws Exception {
    return HandAudit.run(args, env, out);
  }
}
