// Small uPlot time-series charts, legacy vs new, built from the /admin/stats series (10 s buckets).
import uPlot from '/dashboard/vendor/uPlot.esm.js';

/** The same colours as --legacy and --new in dashboard.css. */
const BACKEND_COLORS = { legacy: '#3b82f6', new: '#f97316' };
const CHART_HEIGHT = 120;
/** Dots for sparse data: a lone bucket between gaps would otherwise draw nothing. */
const FEW_POINTS = 3;

const showPointsWhenSparse = (self, seriesIdx) => self.data[seriesIdx].filter((v) => v !== null).length < FEW_POINTS;

export function createChart(container, valueLabel) {
  const series = (label, stroke) => ({ label, stroke, width: 2, points: { show: showPointsWhenSparse, size: 5, fill: stroke } });
  const options = {
    width: chartWidth(container),
    height: CHART_HEIGHT,
    legend: { show: false },
    cursor: { drag: { x: false, y: false } },
    scales: { x: { time: true }, y: { range: (_self, _min, max) => [0, max > 0 ? max * 1.1 : 1] } },
    axes: [
      { size: 24, font: '10px system-ui', values: (_self, ticks) => ticks.map((t) => new Date(t * 1000).toLocaleTimeString([], { hour: '2-digit', minute: '2-digit' })) },
      { size: 40, font: '10px system-ui', label: '', values: (_self, ticks) => ticks.map((t) => compact(t)) },
    ],
    series: [{}, series(`legacy ${valueLabel}`, BACKEND_COLORS.legacy), series(`new ${valueLabel}`, BACKEND_COLORS.new)],
  };
  const chart = new uPlot(options, [[], [], []], container);
  window.addEventListener('resize', () => chart.setSize({ width: chartWidth(container), height: CHART_HEIGHT }));
  return chart;
}

function chartWidth(container) {
  return Math.max(container.clientWidth, 140);
}

function compact(value) {
  return value >= 1000 ? `${(value / 1000).toFixed(1)}k` : String(Math.round(value * 100) / 100);
}

/**
 * Chart data for one kind (`rps`, `errors`, `p99`) from both backends' series. The newest bucket is still
 * filling, so its rate is divided by the seconds it has covered so far, not by the whole bucket.
 */
export function chartData(kind, backends, nowMs, bucketSeconds) {
  const legacy = backends.legacy.series;
  const times = legacy.map((point) => point.t / 1000);
  const elapsedSeconds = (point) => Math.min(bucketSeconds, Math.max((nowMs - point.t) / 1000, 1));
  const valueOf = {
    rps: (point) => point.requests / elapsedSeconds(point),
    errors: (point) => (point.requests === 0 ? null : (100 * point.errors) / point.requests),
    p99: (point) => point.p99Ms,
  }[kind];
  return [times, legacy.map(valueOf), backends.new.series.map(valueOf)];
}
