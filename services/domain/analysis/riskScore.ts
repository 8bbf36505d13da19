// risk_score 0–100 from four measured factors, with the derivation returned alongside, and the advice it implies.
import { round } from '../market/marketDataService.ts';

export type RiskTolerance = 'conservative' | 'moderate' | 'aggressive';

export interface RiskInputs {
  volatility: number;
  beta: number;
  /** Herfindahl index of weights: 1 = one holding. */
  concentration: number;
  maxDrawdown: number;
}

/** Each factor scores 0–100 against the level that earns full points, then is weighted. */
const FACTORS = [
  { factor: 'volatility', weight: 0.4, fullPointsAt: 0.5, pick: (r: RiskInputs) => r.volatility },
  { factor: 'beta', weight: 0.25, fullPointsAt: 2, pick: (r: RiskInputs) => r.beta },
  { factor: 'concentration', weight: 0.2, fullPointsAt: 1, pick: (r: RiskInputs) => r.concentration },
  { factor: 'max_drawdown', weight: 0.15, fullPointsAt: 0.5, pick: (r: RiskInputs) => r.maxDrawdown },
] as const;

export const TOLERANCE_LIMITS: Record<
  RiskTolerance,
  { maxScore: number; maxWeight: number; maxBeta: number; maxVolatility: number }
> = {
  conservative: { maxScore: 35, maxWeight: 0.2, maxBeta: 0.8, maxVolatility: 0.25 },
  moderate: { maxScore: 55, maxWeight: 0.3, maxBeta: 1.1, maxVolatility: 0.35 },
  aggressive: { maxScore: 75, maxWeight: 0.4, maxBeta: 1.5, maxVolatility: 0.5 },
};

export function riskScore(inputs: RiskInputs) {
  const breakdown = FACTORS.map(({ factor, weight, fullPointsAt, pick }) => {
    const points = round(Math.min(100, Math.max(0, (pick(inputs) / fullPointsAt) * 100)), 2);
    return { factor, value: round(pick(inputs), 6), points, weight, contribution: round(points * weight, 2) };
  });
  const score = Math.round(breakdown.reduce((sum, f) => sum + f.contribution, 0));
  return { risk_score: score, risk_score_breakdown: breakdown };
}

export interface HoldingRisk {
  ticker: string;
  weight: number;
  annualized_volatility: number;
}

export function recommendations(
  tolerance: RiskTolerance,
  score: number,
  beta: number,
  holdings: readonly HoldingRisk[],
): string[] {
  const limits = TOLERANCE_LIMITS[tolerance];
  const pct = (v: number) => `${(v * 100).toFixed(1)}%`;
  const advice: string[] = [];
  if (score > limits.maxScore) {
    advice.push(
      `Risk score ${score} is above the ${tolerance} limit of ${limits.maxScore}: reduce position sizes or add diversifying assets.`,
    );
  }
  for (const h of holdings) {
    if (h.weight > limits.maxWeight)
      advice.push(
        `${h.ticker} is ${pct(h.weight)} of the portfolio; a ${tolerance} profile caps a single holding at ${pct(limits.maxWeight)}.`,
      );
  }
  if (beta > limits.maxBeta) {
    advice.push(
      `Portfolio beta ${beta.toFixed(2)} exceeds ${limits.maxBeta} for a ${tolerance} profile: add low-beta or defensive holdings.`,
    );
  }
  for (const h of holdings) {
    if (h.annualized_volatility > limits.maxVolatility)
      advice.push(
        `${h.ticker} has annualized volatility ${pct(h.annualized_volatility)}: consider trimming it or hedging.`,
      );
  }
  if (advice.length === 0) {
    advice.push(
      `Portfolio risk fits a ${tolerance} profile (score ${score} ≤ ${limits.maxScore}): keep the allocation and review it monthly.`,
    );
  }
  return advice;
}
