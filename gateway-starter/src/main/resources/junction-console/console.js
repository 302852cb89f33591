// The Junction console: polls /junction/api/state every 2 seconds and shows each routed
// service (instances, policy, live figures per version, rollout); with actions enabled,
// its buttons and form write through the console's API (header X-Junction-Console: 1).
'use strict';

const REFRESH_MILLIS = 2000;
const sections = new Map();

function element(tag, attributes, ...children) {
  const node = document.createElement(tag);
  for (const [name, value] of Object.entries(attributes || {})) {
    if (value !== undefined && value !== null) {
      node.setAttribute(name, value);
    }
  }
  for (const child of children) {
    node.append(child instanceof Node ? child : document.createTextNode(String(child)));
  }
  return node;
}

function table(headers, rows, attributes) {
  const head = element('tr', {}, ...headers.map((header) => element('th', { scope: 'col' }, header)));
  return element('table', attributes, element('thead', {}, head),
    element('tbody', {}, ...rows));
}

function percent(value) {
  return (value === undefined || value === null) ? '–' : (value * 100).toFixed(1) + ' %';
}

function number(value, digits) {
  return (value === undefined || value === null || value < 0) ? '–' : Number(value).toFixed(digits);
}

async function send(path, body) {
  const response = await fetch(path, {
    method: 'POST',
    headers: { 'X-Junction-Console': '1', 'Content-Type': 'application/json' },
    body: body
  });
  const text = await response.text();
  let detail = text;
  try {
    const json = JSON.parse(text);
    detail = json.detail || json.result || text;
  } catch (ignored) {
    // not JSON: shown as it is
  }
  return { ok: response.ok, detail: detail };
}

function exampleSpec(service) {
  const policy = service.policy || {};
  const canary = policy.canaryVersion || 'v2';
  return JSON.stringify({
    canaryVersion: canary,
    steps: [{ weight: 10, pause: '30s' }, { weight: 50, pause: '30s' }, { weight: 100, pause: '30s' }],
    analysis: { interval: '10s', minRequests: 50 }
  }, null, 2);
}

function createSection(service) {
  const name = service.name;
  const feedback = element('p', { class: 'feedback', role: 'status', 'aria-live': 'polite' });
  const dynamic = element('div', { class: 'dynamic' });
  const actions = element('div', { class: 'actions', hidden: '' });
  for (const action of ['pause', 'resume', 'abort', 'promote']) {
    const button = element('button', { type: 'button', 'data-action': action },
      action.charAt(0).toUpperCase() + action.slice(1));
    button.addEventListener('click', async () => {
      const result = await send('/junction/api/rollouts/' + encodeURIComponent(name) + '/actions/' + action, '');
      feedback.textContent = result.detail;
    });
    actions.append(button);
  }
  const specId = 'spec-' + name;
  const spec = element('textarea', { id: specId, rows: '8', name: 'spec' });
  spec.value = exampleSpec(service);
  const form = element('form', { class: 'start', hidden: '' },
    element('h3', {}, element('label', { for: specId }, 'Start a rollout')), spec,
    element('div', {}, element('button', { type: 'submit' }, 'Start rollout')));
  form.addEventListener('submit', async (event) => {
    event.preventDefault();
    const result = await send('/junction/api/rollouts/' + encodeURIComponent(name), spec.value);
    feedback.textContent = result.detail;
  });
  const section = element('section', { class: 'service', 'data-service': name, 'aria-label': name },
    element('h2', {}, name), dynamic, actions, form, feedback);
  document.getElementById('services').append(section);
  const entry = { section, dynamic, actions, form };
  sections.set(name, entry);
  return entry;
}

function renderRollout(rollout) {
  if (!rollout) {
    return element('p', { class: 'rollout muted' }, 'No rollout.');
  }
  const figures = rollout.lastAnalysis;
  const events = (rollout.history || []).slice().reverse().map((event) =>
    element('li', { class: 'verdict-' + event.event },
      event.at.replace('T', ' ').replace(/\.\d+Z$/, 'Z') + ' — ' + event.event + ' (step ' + event.step + ', weight ' + event.weight + '): ' + event.detail));
  return element('div', { class: 'rollout' },
    element('p', {},
      'Rollout of ' + rollout.canaryVersion + ': ',
      element('span', { class: 'phase phase-' + rollout.phase, 'data-phase': rollout.phase }, rollout.phase),
      ' at step ' + rollout.step + ', weight ', element('span', { 'data-weight': String(rollout.weight) }, String(rollout.weight)),
      ' — ' + rollout.reason),
    figures ? element('p', { class: 'muted' }, 'Last analysis: ' + figures.verdict + ' — stable ' +
      figures.stable.requests + ' requests, ' + figures.stable.errors + ' errors, p95 ' + number(figures.stable.p95Millis, 0) +
      ' ms; canary ' + figures.canary.requests + ' requests, ' + figures.canary.errors + ' errors, p95 ' +
      number(figures.canary.p95Millis, 0) + ' ms') : '',
    element('h3', {}, 'Timeline'),
    element('ol', { class: 'timeline', reversed: '' }, ...events));
}

function render(state) {
  for (const service of state.services) {
    const entry = sections.get(service.name) || createSection(service);
    const policy = service.policy;
    const instances = service.instances.map((instance) => element('tr', { 'data-instance': instance.id },
      element('td', {}, instance.id), element('td', {}, instance.address), element('td', {}, instance.version),
      element('td', {}, instance.zone), element('td', {}, instance.health),
      element('td', { 'data-ejected': instance.ejected ? 'true' : 'false' }, instance.ejected || 'in rotation')));
    const versions = service.versions.map((version) => element('tr', { 'data-version': version.version },
      element('td', {}, version.version),
      element('td', { 'data-rps': '' }, number(version.requestsPerSecond, 1)),
      element('td', {}, percent(version.errorRate)),
      element('td', {}, number(version.p95Millis, 0))));
    entry.dynamic.replaceChildren(
      element('p', { class: 'policy' }, policy
        ? 'Policy: stable ' + policy.stableVersion + (policy.canaryVersion ? ', canary ' + policy.canaryVersion + ' at weight ' + policy.canaryWeight : ', no canary') + ', sticky ' + policy.sticky
        : 'No traffic policy.'),
      element('h3', {}, 'Instances'),
      instances.length ? table(['Instance', 'Address', 'Version', 'Zone', 'Health', 'Outlier detection'], instances) : element('p', { class: 'muted' }, 'No passing instance.'),
      element('h3', {}, 'Live (last 5 s)'),
      table(['Version', 'Requests/s', 'Errors', 'p95 ms'], versions, { class: 'live' }),
      renderRollout(service.rollout),
      service.rolloutError ? element('p', { role: 'alert' }, service.rolloutError) : '');
    entry.actions.hidden = !state.actionsEnabled || !service.rollout;
    entry.form.hidden = !state.actionsEnabled;
  }
  document.getElementById('summary').textContent = state.services.length + ' routed service(s), updated ' +
    state.at.replace('T', ' ').replace(/\.\d+Z$/, 'Z') + (state.actionsEnabled ? '' : ' — read only (junction.console.actions-enabled=false)');
}

async function refresh() {
  const error = document.getElementById('error');
  try {
    const response = await fetch('/junction/api/state', { headers: { Accept: 'application/json' } });
    if (!response.ok) {
      throw new Error('the console API answered ' + response.status);
    }
    render(await response.json());
    error.hidden = true;
  } catch (failure) {
    error.textContent = 'Cannot refresh: ' + failure.message + '. Retrying.';
    error.hidden = false;
  } finally {
    setTimeout(refresh, REFRESH_MILLIS);
  }
}

refresh();
