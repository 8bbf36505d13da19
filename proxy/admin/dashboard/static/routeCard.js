// One route's card: phase, weight, the last 5 minutes' numbers legacy vs new, 15 minutes of charts, a
// red highlight when new is worse, and the weight / rollback controls (actions are passed in).
import { chartData, createChart } from './charts.js';
import { milliseconds, percent, perSecond } from './format.js';
import { newWorseReasons, phaseOf, windowNote } from './verdict.js';

const CHART_KINDS = { rps: 'req/s', errors: '% errors', p99: 'ms p99' };

export class RouteCard {
  constructor(template, route, actions) {
    this.id = route.id;
    this.element = template.content.firstElementChild.cloneNode(true);
    this.element.dataset.route = route.id;
    this.part('.route-id').textContent = route.id;
    const weightInput = this.part('.weight-input');
    weightInput.value = String(route.weight);
    // Until the user types a weight, the input follows the live one (changed by the CLI, a reload, a ramp).
    weightInput.addEventListener('input', () => (weightInput.dataset.edited = 'true'));
    this.charts = null;
    this.part('.controls').addEventListener('submit', (event) => {
      event.preventDefault();
      actions.shift(this, Number(this.part('.weight-input').value), this.part('.reason-input').value);
    });
    this.part('.rollback').addEventListener('click', () => actions.rollback(this, this.part('.reason-input').value));
  }

  part(selector) {
    return this.element.querySelector(selector);
  }

  /** Charts need the card in the document to know their width, so they are built on the first update. */
  update(route, recent, history) {
    const phase = phaseOf(route);
    const phaseElement = this.part('.phase');
    phaseElement.textContent = phase.label;
    phaseElement.className = `phase ${phase.className}`;
    this.part('.weight').textContent = `${route.weight} %`;
    const weightInput = this.part('.weight-input');
    if (weightInput.dataset.edited !== 'true') weightInput.value = String(route.weight);

    const recentBackends = recent?.backends;
    const reasons = newWorseReasons(recentBackends?.legacy, recentBackends?.new);
    this.element.classList.toggle('worse', reasons.length > 0);
    const verdict = this.part('.verdict');
    verdict.hidden = reasons.length === 0;
    verdict.textContent = reasons.length > 0 ? `New is worse than legacy: ${reasons.map((r) => r.text).join('; ')}` : '';

    if (recentBackends) {
      const { legacy, new: candidate } = recentBackends;
      this.setPair('.rps', perSecond(legacy.rps), perSecond(candidate.rps), false);
      this.setPair('.error-rate', percent(legacy.errorRate), percent(candidate.errorRate), reasons.some((r) => r.metric === 'errorRate'));
      this.setPair('.p99', milliseconds(legacy.p99Ms), milliseconds(candidate.p99Ms), reasons.some((r) => r.metric === 'p99'));
      this.part('.window-note').textContent = windowNote(legacy, candidate);
    }
    if (history) this.drawCharts(history);
  }

  /** "legacy · new", each in its backend's colour; new in bold red when it is the worse one. */
  setPair(selector, legacyText, newText, newIsBad) {
    const span = (text, className) => Object.assign(document.createElement('span'), { textContent: text, className });
    this.part(selector).replaceChildren(span(legacyText, 'legacy-value'), ' · ', span(newText, newIsBad ? 'new-value bad' : 'new-value'));
  }

  drawCharts(history) {
    this.charts ??= Object.fromEntries(
      Object.entries(CHART_KINDS).map(([kind, label]) => [kind, createChart(this.part(`[data-chart="${kind}"]`), label)]),
    );
    for (const [kind, chart] of Object.entries(this.charts)) {
      const data = chartData(kind, history.route.backends, history.now, history.bucketSeconds);
      chart.setData(data);
      // How many buckets have a value: lets a reader (and the browser test) see the chart is fed.
      chart.root.dataset.points = String(data[1].concat(data[2]).filter((v) => v !== null && v > 0).length);
    }
  }

  showError(message) {
    const box = this.part('.card-error');
    box.textContent = message;
    box.hidden = message === '';
  }

  /** The ramp controller's state and the shadow match rate, when the route has either. */
  showCutover(summary) {
    const lines = [];
    if (summary?.ramp) lines.push(`Ramp ${summary.ramp.status.replace('_', ' ')} at ${summary.ramp.weight} % — ${summary.ramp.message}`);
    const shadow = summary?.shadow;
    if (shadow && shadow.matchRatePercent !== null) {
      lines.push(`Shadow: ${shadow.matchRatePercent} % match (${shadow.counts.mismatch} mismatches, ${shadow.counts.error} errors, ${shadow.counts.shed} shed)`);
    }
    const element = this.part('.cutover');
    element.textContent = lines.join('\n');
    element.hidden = lines.length === 0;
  }

  resetWeightInput(weight) {
    const weightInput = this.part('.weight-input');
    delete weightInput.dataset.edited;
    weightInput.value = String(weight);
    this.part('.reason-input').value = '';
  }
}
