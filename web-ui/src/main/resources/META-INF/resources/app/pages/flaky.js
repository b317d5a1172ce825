// Test health of a repository: flaky, broken and disabled tests (flakyTests), the slowest tests, tests that fail
// mostly on one platform, tests CI skips on purpose, and test files that got slower.

import { gql } from '../api.js';
import { duration, errorState, esc, gqlString, queryLink, setTitle, testLabel, testUrl, time } from '../ui.js';

const PLATFORMS = ['linux', 'windows', 'macos'];
const LIMIT = 100;

const STATES = {
  FLAKY: { cls: 'FLAKY', glyph: 'F', label: 'flaky' },
  BROKEN: { cls: 'FAILURE', glyph: '✗', label: 'broken' },
  DISABLED: { cls: 'SKIPPED', glyph: '–', label: 'disabled' },
  HEALTHY: { cls: 'SUCCESS', glyph: '✓', label: 'healthy' },
};
const REASONS = { RERUN: 'failed, then passed on a rerun', FLIP: 'pass, fail, pass', CONSECUTIVE_FAILURES: 'failing in a row' };

const pct = (x) => (x === null || x === undefined ? '–' : `${(x * 100).toFixed(1)}`);

export async function render(main, route) {
  const repo = `${route.params.owner}/${route.params.name}`;
  const q = route.query;
  const days = q.get('days') || '7';
  const platform = PLATFORMS.includes(q.get('platform')) ? q.get('platform') : 'linux';
  setTitle('Test health', repo);
  const r = gqlString(repo);
  const queries = {
    flaky: `query FlakyTests {\n  flakyTests(repo: ${r}, days: ${Number(days) || 7}, first: 500) {\n    edges { node { test { file classname name } state reasons runs failures flips lastFlakeAt failureRateLow failureRateHigh } }\n    pageInfo { hasNextPage }\n  }\n}`,
    slow: `query SlowTests {\n  slowTests(repo: ${r}) { file classname name seconds runs }\n}`,
    platform: `query PlatformSmokeTests {\n  platformSmokeTests(repo: ${r}, platform: ${gqlString(platform)}, first: ${LIMIT}) {\n    edges { node { test { file classname name } runs failures otherRuns otherFailures pValue } }\n  }\n}`,
    disabled: `query DisabledTests {\n  disabledTests(repo: ${r}, first: ${LIMIT}) {\n    edges { node { test name className source issueNumber issueUrl platforms reason updatedAt } }\n  }\n}`,
    regressions: `query TestTimeRegressions {\n  testTimeRegressions(repo: ${r}, first: ${LIMIT}) {\n    edges { node { file currentFrom currentTo currentRuns currentMeanSeconds previousRuns previousMeanSeconds increaseSeconds increaseRatio } }\n  }\n}`,
  };
  const head = (id, title, query) => `<div class="panel-head"><h2 id="${id}-h">${esc(title)}</h2>${queryLink(query, title)}</div>`;
  main.innerHTML = `<article class="test-health">
    <header class="page-head">
      <h1>Test health of ${esc(repo)}</h1>
      <form class="controls" method="get" action="${esc(location.pathname)}">
        <label>Window (days) <input type="number" name="days" min="1" value="${esc(days)}"></label>
        <label>Platform <select name="platform">${PLATFORMS.map((p) => `<option${p === platform ? ' selected' : ''}>${p}</option>`).join('')}</select></label>
        <button type="submit">Show</button>
      </form>
    </header>
    <section aria-labelledby="flaky-h">${head('flaky', `Flaky, broken and disabled tests (last ${days} days)`, queries.flaky)}<div id="flaky"></div></section>
    <section aria-labelledby="platform-h">${head('platform', `Tests failing mostly on ${platform}`, queries.platform)}<div id="platform"></div></section>
    <section aria-labelledby="slow-h">${head('slow', 'Slowest tests', queries.slow)}<div id="slow"></div></section>
    <section aria-labelledby="regressions-h">${head('regressions', 'Test files that got slower', queries.regressions)}<div id="regressions"></div></section>
    <section aria-labelledby="disabled-h">${head('disabled', 'Disabled tests', queries.disabled)}<div id="disabled"></div></section>
  </article>`;
  main.querySelector('form select').addEventListener('change', (e) => e.target.form.requestSubmit());
  const link = (t) => `<a href="${esc(testUrl(repo, t))}">${esc(testLabel(t))}</a>`;
  const table = (cols, rows) => `<div class="table-wrap"><table class="data"><thead><tr>${cols.map((c) => `<th scope="col">${esc(c)}</th>`).join('')}</tr></thead>
    <tbody>${rows.join('')}</tbody></table></div>`;
  const none = (text) => `<p class="state empty" role="status">${text} Test health is computed by the metrics jobs
    from uploaded test reports (<code>POST /api/v1/test-reports</code>); <a href="/help">how to send them</a>.</p>`;

  await Promise.all([
    fill(main, 'flaky', queries.flaky, (d) => {
      const edges = d.flakyTests.edges.map((e) => e.node);
      if (!edges.length) return none(`No flaky, broken or disabled test in the last ${esc(days)} days.`);
      return `<p>${edges.length}${d.flakyTests.pageInfo.hasNextPage ? '+' : ''} test${edges.length === 1 ? '' : 's'}.</p>${table(['Test', 'State', 'Reasons', 'Runs', 'Failures', 'Flips', 'Failure rate (95 %)', 'Last flake'],
        edges.map((t) => {
          const s = STATES[t.state] || STATES.HEALTHY;
          return `<tr class="health-row"><th scope="row">${link(t.test)}</th>
            <td><span class="badge s-${s.cls}" data-state="${esc(t.state)}"><span aria-hidden="true">${s.glyph}</span> ${s.label}</span></td>
            <td>${t.reasons.map((x) => `<span title="${esc(REASONS[x] || x)}">${esc(x.toLowerCase().replace(/_/g, ' '))}</span>`).join(', ')}</td>
            <td class="num">${t.runs}</td><td class="num">${t.failures}</td><td class="num">${t.flips}</td>
            <td class="num wilson">${t.failureRateLow === null ? '–' : `${pct(t.failureRateLow)}–${pct(t.failureRateHigh)} %`}</td>
            <td>${time(t.lastFlakeAt)}</td></tr>`;
        }))}`;
    }),
    fill(main, 'platform', queries.platform, (d) => {
      const edges = d.platformSmokeTests.edges.map((e) => e.node);
      if (!edges.length) return none(`No test fails significantly more often on ${esc(platform)}.`);
      return table(['Test', `Runs on ${platform}`, 'Failures', 'Runs elsewhere', 'Failures elsewhere', 'p-value'],
        edges.map((t) => `<tr><th scope="row">${link(t.test)}</th><td class="num">${t.runs}</td><td class="num">${t.failures}</td>
          <td class="num">${t.otherRuns}</td><td class="num">${t.otherFailures}</td><td class="num">${t.pValue.toPrecision(2)}</td></tr>`));
    }),
    fill(main, 'slow', queries.slow, (d) => {
      const rows = d.slowTests.slice(0, LIMIT);
      if (!rows.length) return none('No test is listed as slow: the test-times job lists the tests whose time is over its threshold.');
      return `${d.slowTests.length > LIMIT ? `<p class="muted">The slowest ${LIMIT} of ${d.slowTests.length}.</p>` : ''}${table(['Test', 'Time', 'Runs'],
        rows.map((t) => `<tr><th scope="row">${link(t)}</th><td class="num">${esc(duration(t.seconds))}</td><td class="num">${t.runs}</td></tr>`))}`;
    }),
    fill(main, 'regressions', queries.regressions, (d) => {
      const rows = d.testTimeRegressions.edges.map((e) => e.node);
      if (!rows.length) return none('No test file got slower.');
      return table(['File', 'Now (mean)', 'Before (mean)', 'Increase', 'Runs now / before', 'Period'],
        rows.map((t) => `<tr><th scope="row"><code>${esc(t.file)}</code></th><td class="num">${esc(duration(t.currentMeanSeconds))}</td>
          <td class="num">${esc(duration(t.previousMeanSeconds))}</td>
          <td class="num">+${esc(duration(t.increaseSeconds))}${t.increaseRatio === null ? '' : ` (${(t.increaseRatio * 100).toFixed(0)} %)`}</td>
          <td class="num">${t.currentRuns} / ${t.previousRuns}</td><td>${esc(t.currentFrom)} – ${esc(t.currentTo)}</td></tr>`));
    }),
    fill(main, 'disabled', queries.disabled, (d) => {
      const rows = d.disabledTests.edges.map((e) => e.node);
      if (!rows.length) return none('No test is disabled.');
      return table(['Test', 'Platforms', 'Source', 'Issue', 'Reason'],
        rows.map((t) => `<tr><th scope="row"><code>${esc(t.test)}</code></th><td>${esc(t.platforms.length ? t.platforms.join(', ') : 'all')}</td>
          <td>${esc(String(t.source).toLowerCase())}</td><td>${t.issueUrl ? `<a class="ext" href="${esc(t.issueUrl)}" rel="noopener noreferrer">#${esc(t.issueNumber)}</a>` : '–'}</td>
          <td>${esc(t.reason || '')}</td></tr>`));
    }),
  ]);
}

async function fill(main, id, query, html) {
  const box = main.querySelector(`#${id}`);
  box.innerHTML = '<p class="loading" role="status">Loading…</p>';
  try {
    box.innerHTML = html(await gql(query));
  } catch (error) {
    box.innerHTML = errorState(error, 'this section');
  }
}
