package dev.pitboss.engine.fairness;

/**
 * Upper-tail probability of the chi-square distribution, P(X >= x) for k degrees of freedom: the
 * regularized upper incomplete gamma Q(k/2, x/2), by its power series below a+1 and its continued
 * fraction above (the textbook split where each converges fast).
 */
final class ChiSquare {

  private ChiSquare() {}

  static double pValue(double x, int dof) {
    double a = dof / 2.0;
    double z = x / 2.0;
    if (z <= 0) return 1.0;
    double logPrefix = a * Math.log(z) - z - logGamma(a);
    if (z < a + 1) {
      double term = 1 / a;
      double sum = term;
      for (int n = 1; n < 10_000 && Math.abs(term) > Math.abs(sum) * 1e-15; n++) {
        term *= z / (a + n);
        sum += term;
      }
      return 1 - sum * Math.exp(logPrefix);
    }
    // Lentz's method for the continued fraction of Q.
    double tiny = 1e-300;
    double b = z + 1 - a;
    double c = 1 / tiny;
    double d = 1 / b;
    double h = d;
    for (int i = 1; i < 10_000; i++) {
      double an = -i * (i - a);
      b += 2;
      d = an * d + b;
      if (Math.abs(d) < tiny) d = tiny;
      c = b + an / c;
      if (Math.abs(c) < tiny) c = tiny;
      d = 1 / d;
      double delta = d * c;
      h *= delta;
      if (Math.abs(delta - 1) < 1e-15) break;
    }
    return Math.exp(logPrefix) * h;
  }

  /** Lanczos approximation (g = 7, n = 9), accurate to about 15 digits for a > 0.5. */
  private static double logGamma(double x) {
    double[] c = {
      0.99999999999980993, 676.5203681218851, -1259.1392167224028, 771.32342877765313,
      -176.61502916214059, 12.507343278686905, -0.13857109526572012, 9.9843695780195716e-6,
      1.5056327351493116e-7
    };
    x -= 1;
    double sum = c[0];
    for (int i = 1; i < 9; i++) sum += c[i] / (x + i);
    double t = x + 7.5;
    return 0.5 * Math.log(2 * Math.PI) + (x + 0.5) * Math.log(t) - t + Math.log(sum);
  }

  /** Pearson's statistic of observed counts against equal expected counts. */
  static double statistic(long[] observed) {
    long total = 0;
    for (long o : observed) total += o;
    double expected = (double) total / observed.length;
    double x = 0;
    for (long o : observed) x += (o - expected) * (o - expected) / expected;
    return x;
  }
}
