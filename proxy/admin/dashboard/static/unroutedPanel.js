// The "Not routed yet" panel: the busiest endpoints no route takes (GET /admin/discover), so the next
// route to add is in view. Text only through textContent: paths come from clients.
import { milliseconds, percent, perSecond } from './format.js';

const SHOWN = 10;

export function renderUnrouted(section, discover) {
  const body = section.querySelector('tbody');
  const note = section.querySelector('.unrouted-note');
  const endpoints = discover?.endpoints ?? [];
  body.replaceChildren(
    ...endpoints.slice(0, SHOWN).map((e) => {
      const row = document.createElement('tr');
      for (const text of [e.method, e.template, String(e.requests), perSecond(e.rps), percent(e.errorRate), milliseconds(e.p50Ms), milliseconds(e.p99Ms), e.lastSeen.slice(11, 19)]) {
        const cell = document.createElement('td');
        cell.textContent = text;
        row.append(cell);
      }
      return row;
    }),
  );
  section.classList.toggle('empty', endpoints.length === 0);
  note.textContent =
    endpoints.length === 0
      ? 'Every request so far matched a route.'
      : `${endpoints.length} endpoint(s) reach legacy without a route (${discover?.scope === 'replicas' ? 'summed over replicas' : 'this replica'}) · route entries: strangler discover --yaml`;
}
