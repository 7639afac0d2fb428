/**
 * What the matchmaker and the game server share to reach Redis: TLS from the PEM files a Kubernetes
 * Secret holds ({@link RedisTls}), a password from a mounted file ({@link PasswordFile}), and the
 * start-up PING with its verdict ({@link RedisStartCheck}, {@link RedisTarget}). Each service reads
 * its own settings and names them in the errors.
 */
package dev.pitboss.redis;
