#!/usr/bin/env python3
"""An independent BG/NBD + Gamma-Gamma implementation, to check Guanxi's CLV fit (bench/clv.bench.ts).

Written from the papers, not from Guanxi's TypeScript: the likelihoods are vectorised with numpy and scipy.special,
and scipy.optimize's L-BFGS-B maximises them with finite-difference gradients (so Guanxi's analytic gradients are
not reused here).

  python3 bench/clv_reference.py fit BGNBD_CSV SPEND_CSV
      BGNBD_CSV: header x,tx,T,count (one row per group of customers with identical x, t_x, T, in model units)
      SPEND_CSV: header x,zbar,count (one row per group of repeat customers with identical x and mean spend)
      prints one JSON object: {"bgnbd": {...}, "gammaGamma": {...}} with parameters, log-likelihoods and seconds.

  python3 bench/clv_reference.py conditional
      prints reference values of P(alive) and E[Y(t) | x, t_x, T] at the CDNOW parameters, computed by numerical
      integration over the individual rate and dropout probability (mpmath), not by the closed form with 2F1; the
      unit tests (src/modules/analytics/btyd/bgnbd.unit.test.ts) hold a copy.

References: Fader, Hardie & Lee (2005), "Counting Your Customers the Easy Way", Marketing Science 24(2), eq. 6 (the
likelihood); Fader, Hardie & Lee (2005), "RFM and CLV: Using Iso-Value Curves", JMR 42(4) and Colombo & Jiang (1999)
(Gamma-Gamma).
"""

import json
import resource
import sys
import time

import numpy as np
from scipy.optimize import minimize
from scipy.special import betaln, gammaln


def read_csv(path):
    data = np.genfromtxt(path, delimiter=",", names=True, dtype=float)
    return {name: np.atleast_1d(data[name]) for name in data.dtype.names}


def bgnbd_negative_ll(log_params, x, tx, T, count):
    r, alpha, a, b = np.exp(log_params)
    # FHL 2005 eq. 6, term by term in logs
    common = gammaln(r + x) - gammaln(r) + r * np.log(alpha)
    alive = betaln(a, b + x) - betaln(a, b) - (r + x) * np.log(alpha + T)
    dropped = np.full_like(x, -np.inf)
    repeat = x > 0
    dropped[repeat] = (
        betaln(a + 1, b + x[repeat] - 1) - betaln(a, b) - (r + x[repeat]) * np.log(alpha + tx[repeat])
    )
    ll = common + np.logaddexp(alive, dropped)
    return -np.sum(count * ll)


def gamma_gamma_negative_ll(log_params, x, zbar, count):
    p, q, v = np.exp(log_params)
    px = p * x
    ll = (
        gammaln(px + q)
        - gammaln(px)
        - gammaln(q)
        + q * np.log(v)
        + (px - 1) * np.log(zbar)
        + px * np.log(x)
        - (px + q) * np.log(v + x * zbar)
    )
    return -np.sum(count * ll)


def fit(objective, start, args):
    n = np.sum(args[-1])
    started = time.perf_counter()
    cpu = time.process_time()
    # the mean per customer, so the tolerances mean the same at any size
    result = minimize(lambda theta: objective(theta, *args) / n, start, method="L-BFGS-B",
                      options={"maxiter": 10000, "ftol": 1e-15, "gtol": 1e-9})
    seconds = time.perf_counter() - started
    result.cpu_seconds = time.process_time() - cpu
    return np.exp(result.x), -result.fun * n, seconds, result


def command_fit(bgnbd_path, spend_path):
    g = read_csv(bgnbd_path)
    x, tx, T, count = g["x"], g["tx"], g["T"], g["count"]
    mean_T = np.sum(T * count) / np.sum(count)
    (r, alpha, a, b), ll, seconds, res = fit(
        bgnbd_negative_ll, np.array([0.0, np.log(max(mean_T, 1.0)), 0.0, 0.0]), (x, tx, T, count)
    )
    s = read_csv(spend_path)
    sx, zbar, scount = s["x"], s["zbar"], s["count"]
    mean_spend = np.sum(zbar * scount) / np.sum(scount)
    (p, q, v), gll, gseconds, gres = fit(
        gamma_gamma_negative_ll, np.array([0.0, 0.0, np.log(mean_spend)]), (sx, zbar, scount)
    )
    print(json.dumps({
        "bgnbd": {"r": r, "alpha": alpha, "a": a, "b": b, "logLikelihood": ll, "seconds": seconds, "cpuSeconds": res.cpu_seconds,
                  "groups": int(len(x)), "customers": float(np.sum(count)), "converged": bool(res.success),
                  "evaluations": int(res.nfev)},
        "gammaGamma": {"p": p, "q": q, "gamma": v, "logLikelihood": gll, "seconds": gseconds, "cpuSeconds": gres.cpu_seconds,
                       "groups": int(len(sx)), "customers": float(np.sum(scount)), "converged": bool(gres.success),
                       "evaluations": int(gres.nfev)},
        "peakRssMiB": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024,
    }))


def command_conditional():
    import mpmath as mp

    mp.mp.dps = 30
    r, alpha, a, b = mp.mpf("0.2426"), mp.mpf("4.4136"), mp.mpf("0.7929"), mp.mpf("2.4259")

    def expect(x, tx, T, t):
        # densities of the individual purchase rate λ ~ Gamma(r, α) and dropout probability p ~ Beta(a, b)
        def g(lam):
            return alpha**r * lam ** (r - 1) * mp.exp(-alpha * lam) / mp.gamma(r)

        def f(p):
            return p ** (a - 1) * (1 - p) ** (b - 1) / mp.beta(a, b)

        # the likelihood of the history given (λ, p) is alive + dropped (FHL 2005 eq. 3); a customer alive at T
        # then buys (1 − e^{−λpt})/p times on average in the next t (eq. 7)
        def alive(lam, p):
            return (1 - p) ** x * lam**x * mp.exp(-lam * T)

        def dropped(lam, p):
            return p * (1 - p) ** (x - 1) * lam**x * mp.exp(-lam * tx) if x > 0 else 0

        def integral(h):
            return mp.quad(lambda p: mp.quad(lambda lam: h(lam, p) * g(lam), [0, 1, mp.inf]) * f(p), [0, 1])

        total = integral(lambda lam, p: alive(lam, p) + dropped(lam, p))
        p_alive = integral(alive) / total
        future = integral(lambda lam, p: alive(lam, p) * (1 - mp.exp(-lam * p * t)) / p) / total
        return p_alive, future

    cases = [(0, 0, 38.86, 39), (1, 1.71, 38.86, 39), (2, 30.43, 38.86, 39), (7, 29.43, 35.0, 10),
             (0, 0, 0, 52), (3, 10.0, 30.0, 260)]
    for x, tx, T, t in cases:
        p_alive, future = expect(x, mp.mpf(tx), mp.mpf(T), mp.mpf(t))
        print(f"[{x}, {tx}, {T}, {t}, {mp.nstr(p_alive, 15)}, {mp.nstr(future, 15)}],")


if __name__ == "__main__":
    if len(sys.argv) == 4 and sys.argv[1] == "fit":
        command_fit(sys.argv[2], sys.argv[3])
    elif len(sys.argv) == 2 and sys.argv[1] == "conditional":
        command_conditional()
    else:
        sys.exit(__doc__)
