import numeric from 'numeric';

/**
 * Maximum likelihood with a library optimiser: numeric.js's `uncmin`, a BFGS quasi-Newton method with a backtracking
 * line search that takes the gradient we give it (the likelihoods and their analytic gradients are ours). Other
 * candidates were weighed and left: `fmin` 0.0.4 declares itself an ES module while its entry file is a UMD bundle,
 * so Node loads it with no exports; `optimization-js` 1.5.0 installs browserify, jsdoc and travis as runtime
 * dependencies.
 */

/** ln L and its gradient at θ (written into `gradient`), over all customers. */
export type Objective = (theta: readonly number[], gradient: Float64Array) => number;

export interface Maximum {
  theta: number[];
  /** ln L at `theta`. */
  value: number;
  /** |∂ ln L/∂θ| per customer at `theta`, the largest component. */
  gradientNorm: number;
  iterations: number;
  converged: boolean;
  message: string;
}

export interface MaximiseOptions {
  /** Customers behind the objective: the optimiser works on −ln L / customers, so its tolerances mean the same at any scale. */
  customers: number;
  /** Stop when the quasi-Newton step in θ is shorter than this. */
  tolerance?: number;
  maxIterations?: number;
}

/** The maximum of `objective` from `start`; the optimiser asks for ln L and its gradient at the same θ, computed once. */
export function maximise(objective: Objective, start: readonly number[], options: MaximiseOptions): Maximum {
  const scale = 1 / options.customers;
  const n = start.length;
  let lastTheta: number[] | null = null;
  let lastValue = NaN;
  const lastGradient = new Float64Array(n);
  const evaluate = (theta: number[]) => {
    if (lastTheta && theta.every((v, i) => v === lastTheta![i])) return;
    lastTheta = theta.slice();
    lastValue = objective(theta, lastGradient);
  };
  // a NaN or infinite ln L (parameters overflowing) makes the line search step back
  const f = (theta: number[]) => {
    evaluate(theta);
    return Number.isFinite(lastValue) ? -lastValue * scale : NaN;
  };
  const gradient = (theta: number[]) => {
    evaluate(theta);
    return Array.from(lastGradient, (g) => -g * scale);
  };
  const result = numeric.uncmin(
    f,
    [...start],
    options.tolerance ?? 1e-10,
    gradient,
    options.maxIterations ?? 2000,
  );
  const theta = result.solution;
  evaluate(theta);
  const gradientNorm = Math.max(...Array.from(lastGradient, (g) => Math.abs(g * scale)));
  const stepConverged = /smaller than tol/.test(result.message);
  return {
    theta,
    value: lastValue,
    gradientNorm,
    iterations: result.iterations,
    converged: Number.isFinite(lastValue) && stepConverged && gradientNorm < 1e-5,
    message: result.message,
  };
}
