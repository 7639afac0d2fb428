package dev.pitboss.matchmaker;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import redis.clients.jedis.Response;
import redis.clients.jedis.UnifiedJedis;
import redis.clients.jedis.resps.Tuple;

/**
 * Reads the tables an owner (a Table type or a Tournament) has open from the game servers'
 * advertisements: the owner's sorted set, then every member's hash in one pipeline. Members whose
 * hash expired (their game server died) are removed from the set.
 */
final class TableAds {
  private final UnifiedJedis redis;

  TableAds(UnifiedJedis redis) {
    this.redis = redis;
  }

  List<TableAd> of(String ownerPrefix) {
    List<Tuple> members = redis.zrangeWithScores(Keys.owner(ownerPrefix), 0, -1);
    if (members.isEmpty()) {
      return List.of();
    }
    var hashes = new ArrayList<Response<Map<String, String>>>(members.size());
    try (var pipe = redis.pipelined()) {
      for (var m : members) {
        hashes.add(pipe.hgetAll(Keys.table(m.getElement())));
      }
      pipe.sync();
    }
    var ads = new ArrayList<TableAd>(members.size());
    var stale = new ArrayList<String>();
    for (int i = 0; i < members.size(); i++) {
      var id = members.get(i).getElement();
      var ad = TableAd.parse(id, hashes.get(i).get());
      if (ad == null) {
        stale.add(id);
      } else {
        ads.add(ad);
      }
    }
    if (!stale.isEmpty()) {
      redis.zrem(Keys.owner(ownerPrefix), stale.toArray(String[]::new));
    }
    return ads;
  }
}
