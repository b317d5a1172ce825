// Shared pieces of every page: escaping, formatting, statuses, links, and the empty and error states.

/** Escapes text for HTML (element content and quoted attribute values). */
export function esc(value) {
  if (value === null || value === undefined) return '';
  return String(value)
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/"/g, '&quot;')
    .replace(/'/g, '&#39;');
}

// ---------------------------------------------------------------------------------------------------------------------
// Statuses. Every status has a glyph so that the grid reads without colour (docs/definitions.md "HUD": F flaky, Q queued, ? running).
// Glyphs are in common system fonts (DejaVu, Segoe UI Symbol, Apple Symbols): no emoji font is needed.
// ---------------------------------------------------------------------------------------------------------------------

export const STATUS = {
  SUCCESS: { glyph: '✓', label: 'success' },
  FAILURE: { glyph: '✗', label: 'failure' },
  FLAKY: { glyph: 'F', label: 'flaky (failed, then passed on a rerun)' },
  CANCELLED: { glyph: '⊘', label: 'cancelled' },
  TIMED_OUT: { glyph: '◷', label: 'timed out' },
  SKIPPED: { glyph: '–', label: 'skipped' },
  QUEUED: { glyph: 'Q', label: 'queued' },
  RUNNING: { glyph: '?', label: 'running' },
  NONE: { glyph: '', label: 'did not run' },
};

/** Worst first: what a collapsed group or a summary shows when its jobs disagree. */
export const SEVERITY = ['FAILURE', 'TIMED_OUT', 'RUNNING', 'QUEUED', 'FLAKY', 'CANCELLED', 'SUCCESS', 'SKIPPED', 'NONE'];

/** Test case outcomes, in the job-status palette. */
export const TEST_STATUS = {
  PASSED: { glyph: '✓', label: 'passed', cls: 'SUCCESS' },
  FAILED: { glyph: '✗', label: 'failed', cls: 'FAILURE' },
  ERROR: { glyph: '!', label: 'error', cls: 'FAILURE' },
  FLAKY: { glyph: 'F', label: 'flaky (passed on rerun)', cls: 'FLAKY' },
  SKIPPED: { glyph: '–', label: 'skipped', cls: 'SKIPPED' },
};

/** Counts per status, worst first: [[status, count]]. */
export function countStatuses(statuses) {
  const counts = new Map();
  for (const s of statuses) counts.set(s, (counts.get(s) || 0) + 1);
  return SEVERITY.filter((s) => counts.has(s)).map((s) => [s, counts.get(s)]);
}

/** A status badge: colour, glyph and the word, so it reads without colour. */
export function badge(status, text) {
  const s = STATUS[status] || STATUS.NONE;
  return `<span class="badge s-${esc(status)}"><span aria-hidden="true">${esc(s.glyph)}</span> ${esc(text || s.label)}</span>`;
}

export function testBadge(status) {
  const s = TEST_STATUS[status] || { glyph: '?', label: status, cls: 'NONE' };
  return `<span class="badge s-${s.cls}"><span aria-hidden="true">${esc(s.glyph)}</span> ${esc(s.label)}</span>`;
}

/** "✓ 10 ✗ 2 …" with words for screen readers. */
export function statusCounts(statuses) {
  return countStatuses(statuses)
    .map(([s, n]) => `<span class="count s-${s}" title="${esc(STATUS[s].label)}"><span aria-hidden="true">${esc(STATUS[s].glyph || '·')}</span> ${n}<span class="sr"> ${esc(STATUS[s].label)}</span></span>`)
    .join(' ');
}

// ---------------------------------------------------------------------------------------------------------------------
// Formatting
// ---------------------------------------------------------------------------------------------------------------------

const DATE_TIME = new Intl.DateTimeFormat(undefined, {
  year: 'numeric', month: 'short', day: 'numeric', hour: '2-digit', minute: '2-digit',
});
const SHORT_TIME = new Intl.DateTimeFormat(undefined, {
  month: 'short', day: 'numeric', hour: '2-digit', minute: '2-digit', hourCycle: 'h23',
});

/** A <time> element: short text, the full ISO time in the tooltip. */
export function time(iso, { short = false } = {}) {
  if (!iso) return '<span class="muted">–</span>';
  const date = new Date(iso);
  return `<time datetime="${esc(iso)}" title="${esc(date.toISOString())}">${esc((short ? SHORT_TIME : DATE_TIME).format(date))}</time>`;
}

/** Seconds as "12.3 s", "4m 05s" or "2h 10m"; null as a dash. */
export function duration(seconds) {
  if (seconds === null || seconds === undefined || Number.isNaN(seconds)) return '–';
  const s = Number(seconds);
  if (s < 10) return `${s.toFixed(1)} s`;
  if (s < 60) return `${Math.round(s)} s`;
  if (s < 3600) return `${Math.floor(s / 60)}m ${String(Math.round(s % 60)).padStart(2, '0')}s`;
  return `${Math.floor(s / 3600)}h ${String(Math.round((s % 3600) / 60)).padStart(2, '0')}m`;
}

export const shortSha = (sha) => (sha || '').slice(0, 7);

// ---------------------------------------------------------------------------------------------------------------------
// Links. Path segments are encoded one by one; a branch keeps its slashes (release/2.1).
// ---------------------------------------------------------------------------------------------------------------------

const seg = encodeURIComponent;
const repoPath = (repo) => repo.split('/').map(seg).join('/');

export function hudUrl(repo, branch, params) {
  const base = `/hud/${repoPath(repo)}${branch ? '/' + branch.split('/').map(seg).join('/') : ''}`;
  const query = params ? params.toString() : '';
  return query ? `${base}?${query}` : base;
}
export const commitUrl = (repo, sha) => `/commit/${repoPath(repo)}/${seg(sha)}`;
export const prUrl = (repo, number) => `/pr/${repoPath(repo)}/${seg(number)}`;
export const jobUrl = (id) => `/job/${seg(id)}`;
export const testsUrl = (repo, q) => `/tests/${repoPath(repo)}${q ? '?q=' + seg(q) : ''}`;
export function testUrl(repo, test, branch) {
  const params = new URLSearchParams();
  if (test.file) params.set('file', test.file);
  if (test.classname) params.set('classname', test.classname);
  params.set('name', test.name);
  if (branch) params.set('branch', branch);
  return `/test/${repoPath(repo)}?${params}`;
}
/** "Class.name (file)": how a test is named in lists. */
export function testLabel(test) {
  return `${test.classname ? `${test.classname}.` : ''}${test.name}${test.file ? ` (${test.file})` : ''}`;
}
export const githubCommitUrl = (repo, sha) => `https://github.com/${repoPath(repo)}/commit/${seg(sha)}`;
export const githubPrUrl = (repo, number) => `https://github.com/${repoPath(repo)}/pull/${seg(number)}`;

/** A link that leaves Greenboard (GitHub): opens normally, marked for the reader. */
export function external(href, text) {
  return `<a class="ext" href="${esc(href)}" rel="noopener noreferrer">${esc(text)}<span class="sr"> (on GitHub)</span></a>`;
}

// ---------------------------------------------------------------------------------------------------------------------
// Page states
// ---------------------------------------------------------------------------------------------------------------------

export function loading(main, what) {
  main.innerHTML = `<p class="loading" role="status">Loading ${esc(what)}…</p>`;
}

/** What to do when there is nothing to show: where data comes from, and a link to the help page. */
export function emptyState(title, detail) {
  return `<section class="state empty" role="status">
    <h2>${esc(title)}</h2>
    ${detail ? `<p>${detail}</p>` : ''}
    <p>Greenboard shows what CI sends it: GitHub webhooks to <code>POST /api/v1/github/webhook</code> (commits, runs
    and jobs) and test reports to <code>POST /api/v1/test-reports</code> (JUnit XML or JSON lines).
    <a href="/help">How to send data</a>.</p>
  </section>`;
}

/** An error that says what went wrong and what to do next. */
export function errorState(error, what) {
  const code = error && error.code;
  let advice;
  if (error && error.network) {
    advice = 'Greenboard did not answer. Check that the server is running, then reload the page.';
  } else if (code === 'NOT_FOUND') {
    advice = 'Check the name in the address bar. A repository appears once it has sent a webhook or a test report: see <a href="/help">how to send data</a>.';
  } else if (code === 'BAD_USER_INPUT') {
    advice = 'Change the value named above (in the address bar or the form) and try again.';
  } else {
    advice = 'Reload the page to try again. If it keeps failing, the server log says why.';
  }
  return `<section class="state error" role="alert">
    <h2>Could not load ${esc(what)}</h2>
    <p class="message">${esc(error && error.message ? error.message : String(error))}</p>
    <p>${advice}</p>
  </section>`;
}

export function setTitle(...parts) {
  document.title = [...parts.filter(Boolean), 'Greenboard'].join(' · ');
}

// Links to the metrics, test health and named-query pages, and to GraphiQL with a query filled in.
export const metricsUrl = (repo) => `/metrics/${repoPath(repo)}`;
/** The time-to-signal page of chosen jobs ("<workflow> / <job>"). */
export const ttsUrl = (repo, jobs = []) => `/tts/${repoPath(repo)}${jobs.length ? `?${jobs.map((j) => `job=${encodeURIComponent(j)}`).join('&')}` : ''}`;
export const kpisUrl = (repo) => `/kpis/${repoPath(repo)}`;
export const flakyUrl = (repo) => `/flaky/${repoPath(repo)}`;
export const settingsUrl = (repo) => `/settings/${repoPath(repo)}`;
export const queriesUrl = (name) => (name ? `/queries/${seg(name)}` : '/queries');
/** GraphiQL (served by the app) opened on this exact query: "the query behind" a chart or table. */
export const graphiqlUrl = (query) => `/graphiql?query=${encodeURIComponent(query)}`;
/** A small "query" link to GraphiQL with the exact query a section was drawn from. */
export function queryLink(query, what) {
  return `<a class="query-link" href="${esc(graphiqlUrl(query))}" title="Open this query in GraphiQL">query<span class="sr"> behind ${esc(what)}</span></a>`;
}
/** A GraphQL string literal (JSON string syntax is valid GraphQL). */
export const gqlString = (value) => JSON.stringify(String(value));
