// How the page writes numbers: percentages, milliseconds, requests per second.
export function percent(ratio) {
  return `${(ratio * 100).toFixed(ratio < 0.1 ? 2 : 1)} %`;
}

export function milliseconds(ms) {
  if (ms === null || ms === undefined) return '–';
  return ms >= 1000 ? `${(ms / 1000).toFixed(2)} s` : `${ms < 10 ? ms.toFixed(1) : Math.round(ms)} ms`;
}

export function perSecond(rps) {
  return rps < 10 ? rps.toFixed(2) : rps.toFixed(0);
}
