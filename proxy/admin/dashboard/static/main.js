// The live dashboard: asks for the admin token once, polls the admin API every 2 s, keeps one card per
// route up to date, and runs the weight and rollback actions (dry run → confirm → apply with If-Match).
import { adminApi, AdminApiError, tokenStore } from './api.js';
import { confirmAction } from './confirmDialog.js';
import { RouteCard } from './routeCard.js';
import { renderUnrouted } from './unroutedPanel.js';

const POLL_INTERVAL_MS = 2000;
/** Headline numbers and the worse-than-legacy verdict use the alerts' 5-minute window; charts show 15. */
const RECENT_WINDOW_SECONDS = 300;
const HISTORY_WINDOW_SECONDS = 900;

const cards = new Map();
let configEtag = null;
let pollTimer = null;
let inFlight = null;

const byId = (id) => document.getElementById(id);

/** One poll at a time: an action's refresh joins a poll already under way. */
function refresh() {
  inFlight ??= poll().finally(() => {
    inFlight = null;
  });
  return inFlight;
}

async function poll() {
  clearTimeout(pollTimer);
  try {
    // The routes first, alone: a wrong token then costs one failed attempt per poll, not one per request, so
    // the admin API's failed-auth limit (10 a minute per address) is not spent before the right token is typed.
    const routes = await adminApi.routes();
    // Ramp and shadow state and the unrouted panel are extras: without them the cards still show the numbers.
    const [recent, history, cutover, discover] = await Promise.all([
      adminApi.stats(RECENT_WINDOW_SECONDS), adminApi.stats(HISTORY_WINDOW_SECONDS),
      adminApi.cutover().catch(() => null), adminApi.discover().catch(() => null),
    ]);
    configEtag = routes.etag;
    hideTokenForm();
    render(routes.data.routes, recent.data, history.data, cutover?.data.routes ?? []);
    byId('unrouted').hidden = false;
    renderUnrouted(byId('unrouted'), discover?.data);
    setStatus(`Live · updated ${new Date().toLocaleTimeString()} · config ${routes.data.configHash}`, false);
  } catch (error) {
    if (error instanceof AdminApiError && error.status === 401) return askForToken(error);
    setStatus(`Update failed, retrying: ${error instanceof AdminApiError ? error.describe() : error.message}`, true);
  }
  pollTimer = setTimeout(refresh, POLL_INTERVAL_MS);
}

function render(routes, recent, history, cutover) {
  const container = byId('routes');
  const ids = new Set(routes.map((route) => route.id));
  for (const [id, card] of cards) {
    if (!ids.has(id)) {
      card.element.remove();
      cards.delete(id);
    }
  }
  routes.forEach((route, index) => {
    let card = cards.get(route.id);
    if (!card) {
      card = new RouteCard(byId('route-card'), route, { shift: shiftWeight, rollback });
      cards.set(route.id, card);
    }
    // Config order; a card already in place is not moved, so an input being typed in keeps its focus.
    if (container.children[index] !== card.element) container.insertBefore(card.element, container.children[index] ?? null);
    card.update(route, recent.routes.find((r) => r.id === route.id), {
      route: history.routes.find((r) => r.id === route.id) ?? emptyHistory(),
      now: history.now,
      bucketSeconds: history.bucketSeconds,
    });
    card.showCutover(cutover.find((c) => c.id === route.id));
  });
}

function emptyHistory() {
  return { backends: { legacy: { series: [] }, new: { series: [] } } };
}

async function shiftWeight(card, weight, reason) {
  card.showError('');
  const etag = configEtag;
  try {
    // The dry run validates (reason, range) and shows the exact routes.yaml change before anything moves.
    const plan = (await adminApi.shift(card.id, weight, reason, etag, { dryRun: true })).data;
    const confirmed = await confirmAction({
      title: `Shift ${card.id} from ${plan.fromWeight} % to ${plan.toWeight} % new?`,
      body: `Reason: ${reason}. ${plan.persisted ? 'routes.yaml will be rewritten:' : 'No routes.yaml is loaded: the change lasts until the proxy restarts.'}`,
      diffLines: plan.fileDiff.flatMap((line) => [`${line.line} - ${line.before}`, `${line.line} + ${line.after}`]),
    });
    if (!confirmed) return;
    await adminApi.shift(card.id, weight, reason, etag);
    card.resetWeightInput(weight);
  } catch (error) {
    card.showError(describeActionError(error));
  }
  await refresh();
}

async function rollback(card, reason) {
  card.showError('');
  const confirmed = await confirmAction({
    title: `Roll back ${card.id} to 0 %?`,
    body: 'All of this route\'s traffic goes to legacy at once.',
  });
  if (!confirmed) return;
  try {
    const result = (await adminApi.rollback(card.id, reason.trim() || 'rollback from the dashboard')).data;
    card.resetWeightInput(result.toWeight);
  } catch (error) {
    card.showError(describeActionError(error));
  }
  await refresh();
}

function describeActionError(error) {
  if (!(error instanceof AdminApiError)) return error.message;
  if (error.status === 412) return `${error.describe()}\nThe config changed since this page loaded it: check the new weight and try again.`;
  return error.describe();
}

function askForToken(error) {
  const hadToken = tokenStore.get() !== '';
  tokenStore.clear();
  byId('token-form').hidden = false;
  const message = byId('token-error');
  message.textContent = hadToken ? error.message : '';
  message.hidden = !hadToken;
  setStatus('Waiting for the admin token', false);
  byId('token-input').focus();
}

function hideTokenForm() {
  byId('token-form').hidden = true;
  byId('token-error').hidden = true;
}

function setStatus(text, stale) {
  const status = byId('status');
  status.textContent = text;
  status.classList.toggle('stale', stale);
}

byId('token-form').addEventListener('submit', (event) => {
  event.preventDefault();
  tokenStore.set(byId('token-input').value.trim());
  byId('token-input').value = '';
  refresh();
});

refresh();
