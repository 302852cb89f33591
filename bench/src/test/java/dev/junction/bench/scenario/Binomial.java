/*
 * Copyright 2026 the Junction authors.
 */

package dev.junction.bench.scenario;

/**
 * The exact binomial distribution of the number of canary answers among {@code n}
 * independent draws with probability {@code p}: its central interval, computed from the
 * probability mass function (log-space, no normal approximation).
 */
final class Binomial {

	private Binomial() {
	}

	/**
	 * The smallest interval [lo, hi] of counts holding at least {@code coverage} of the
	 * probability, symmetric in tail mass.
	 */
	static long[] centralInterval(int n, double p, double coverage) {
		double[] logFactorials = logFactorials(n);
		double tail = (1 - coverage) / 2;
		double cumulative = 0;
		long lo = 0;
		for (int k = 0; k <= n; k++) {
			cumulative += pmf(n, k, p, logFactorials);
			if (cumulative > tail) {
				lo = k;
				break;
			}
		}
		cumulative = 0;
		long hi = n;
		for (int k = n; k >= 0; k--) {
			cumulative += pmf(n, k, p, logFactorials);
			if (cumulative > tail) {
				hi = k;
				break;
			}
		}
		return new long[] { lo, hi };
	}

	static double pmf(int n, int k, double p, double[] logFactorials) {
		if (p <= 0) {
			return (k == 0) ? 1 : 0;
		}
		if (p >= 1) {
			return (k == n) ? 1 : 0;
		}
		return Math.exp(logFactorials[n] - logFactorials[k] - logFactorials[n - k] + k * Math.log(p)
				+ (n - k) * Math.log(1 - p));
	}

	private static double[] logFactorials(int n) {
		double[] values = new double[n + 1];
		for (int i = 2; i <= n; i++) {
			values[i] = values[i - 1] + Math.log(i);
		}
		return values;
	}

}
