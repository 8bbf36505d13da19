// Reads one series from a proxy's /metrics exposition: the value of `name` whose labels include every
// given one (0 when no such series), and polling until a series has the value wanted.
export async function scrape(adminUrl: string): Promise<string> {
  return (await fetch(`${adminUrl}/metrics`)).text();
}

export function seriesValue(metrics: string, name: string, labels: Record<string, string>): number {
  let total = 0;
  for (const line of metrics.split('\n')) {
    if (!line.startsWith(`${name}{`) && !line.startsWith(`${name} `)) continue;
    const wanted = Object.entries(labels).every(([label, value]) => line.includes(`${label}="${value}"`));
    if (wanted) total += Number(line.slice(line.lastIndexOf(' ') + 1));
  }
  return total;
}

/** Polls until the series (summed over the matching ones) equals `value`; throws with the last value seen. */
export async function untilSeries(
  adminUrl: string,
  name: string,
  labels: Record<string, string>,
  value: number,
  timeoutMs = 5_000,
): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  let seen = Number.NaN;
  while (Date.now() < deadline) {
    seen = seriesValue(await scrape(adminUrl), name, labels);
    if (seen === value) return;
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
  throw new Error(`${name}${JSON.stringify(labels)} stayed ${seen}, wanted ${value} within ${timeoutMs} ms`);
}
