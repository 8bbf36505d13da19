// The decommission report as Markdown, for `strangler report` and GET /admin/report?format=markdown.
import type { DecommissionReport, RouteReport } from './report.ts';

export function reportMarkdown(report: DecommissionReport): string {
  const lines = [
    '# Strangler decommission report',
    '',
    `Generated ${report.generatedAt} · window ${report.windowSeconds} s · config ${report.configHash}`,
    '',
    '| route | phase | since | weight | legacy req / 5xx % | new req / 5xx % | fallbacks | shadow match | verdict |',
    '|---|---|---|---|---|---|---|---|---|',
    ...report.routes.map(row),
    '',
  ];
  for (const route of report.routes) {
    lines.push(`## ${route.id}: ${route.verdict.readyToRetireLegacy ? 'ready to retire legacy' : 'not yet'}`, '');
    for (const reason of route.verdict.reasons) lines.push(`- ${reason}`);
    if (route.shadow.noisyFields.length > 0)
      lines.push(`- noisy fields ignored (learned by calibration): ${route.shadow.noisyFields.join(', ')}`);
    if (route.ramp) lines.push(`- ramp: ${route.ramp.status} — ${route.ramp.message}`);
    lines.push('');
  }
  return lines.join('\n');
}

function row(route: RouteReport): string {
  const traffic = (t: RouteReport['traffic']['legacy']) => `${t.requests} / ${t.errorRatePercent} %`;
  const match = route.shadow.matchRatePercent === null ? '–' : `${route.shadow.matchRatePercent} %`;
  const verdict = route.verdict.readyToRetireLegacy ? 'ready' : 'not yet';
  return `| ${route.id} | ${route.phase} | ${route.phaseSince ?? '–'} | ${route.weight} | ${traffic(route.traffic.legacy)} | ${traffic(route.traffic.new)} | ${route.fallbacks} | ${match} | ${verdict} |`;
}
