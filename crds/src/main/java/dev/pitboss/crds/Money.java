package dev.pitboss.crds;

/** An amount in integer minor units of an ISO 4217 currency; never floating point. */
public record Money(long amount, String currency) {}
