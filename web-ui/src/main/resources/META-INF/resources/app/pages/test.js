// One test's history: a status strip (newest first), a duration chart, and the results with where they ran.

import { gql } from '../api.js';
import { loadECharts } from '../charts.js';
import {
  TEST_STATUS, commitUrl, duration, emptyState, errorState, esc, jobUrl, setTitle, shortSha, testBadge, testUrl,
  testsUrl, time,
} from '../ui.js';

const QUERY = `query TestHistoryPage($repo: String!, $file: String, $classname: String, $name: String!, $branch: String,
                                   $after: String) {
  testHistory(repo: $repo, file: $file, classname: $classname, name: $name, branch: $branch, first: 200, after: $after) {
    edges { node { status durationSeconds rerunCount message sha jobId jobName workflowName branch receivedAt } }
    pageInfo { hasNextPage endCursor }
  }
}`;

const SHORT = new Intl.DateTimeFormat(undefined, { month: 'short', day: 'numeric', hour: '2-digit', minute: '2-digit', hourCycle: 'h23' });

/** Chart colours per outcome: the same hues as the status cells. */
const POINT_COLOURS = { PASSED: '#1a7f37', FAILED: '#cf222e', ERROR: '#cf222e', FLAKY: '#9a6700', SKIPPED: '#6e7781' };

export async function render(main, route) {
  const repo = `${route.params.owner}/${route.params.name}`;
  const q = route.query;
  const test = { file: q.get('file') || null, classname: q.get('classname') || null, name: q.get('name') || '' };
  const branch = q.get('branch') || null;
  const after = q.get('after') || null;
  setTitle(test.name || 'Test', repo);
  if (!test.name) {
    main.innerHTML = emptyState('Which test?', `This page needs <code>?name=</code> (and <code>file=</code>,
      <code>classname=</code>). Find a test on <a href="${esc(testsUrl(repo))}">the test search</a>.`);
    return;
  }
  main.innerHTML = `<article class="test-history">
    <header class="page-head">
      <p class="crumbs"><a href="${esc(testsUrl(repo))}">${esc(repo)} tests</a> › history</p>
      <h1>${esc(test.name)}</h1>
      <dl class="facts">
        <dt>Class</dt><dd><code>${esc(test.classname || '–')}</code></dd>
        <dt>File</dt><dd><code>${esc(test.file || '–')}</code></dd>
        <dt>Branch</dt><dd>${branch ? `<code>${esc(branch)}</code> (<a href="${esc(testUrl(repo, test))}">all branches</a>)` : 'all branches'}</dd>
      </dl>
      <form class="controls" method="get" action="${esc(location.pathname)}">
        ${test.file ? `<input type="hidden" name="file" value="${esc(test.file)}">` : ''}
        ${test.classname ? `<input type="hidden" name="classname" value="${esc(test.classname)}">` : ''}
        <input type="hidden" name="name" value="${esc(test.name)}">
        <label>Only branch <input name="branch" value="${esc(branch || '')}" placeholder="all branches" autocomplete="off" spellcheck="false"></label>
        <button type="submit">Show</button>
      </form>
    </header>
    <div id="history"><p class="loading" role="status">Loading the history…</p></div>
  </article>`;
  const box = main.querySelector('#history');
  let page;
  try {
    page = (await gql(QUERY, { repo, ...test, branch, after })).testHistory;
  } catch (error) {
    box.innerHTML = errorState(error, 'the history of this test');
    return;
  }
  const results = page.edges.map((e) => e.node);
  if (!results.length) {
    box.innerHTML = emptyState(`No results for ${test.name}${branch ? ` on ${branch}` : ''}`,
      'Results come from uploaded test reports. Check the file, class and name (they must match exactly), or search on'
      + ` <a href="${esc(testsUrl(repo, test.name))}">the test search</a>.`);
    return;
  }
  const counts = {};
  results.forEach((r) => { counts[r.status] = (counts[r.status] || 0) + 1; });
  const failures = (counts.FAILED || 0) + (counts.ERROR || 0);
  const olderParams = new URLSearchParams(location.search);
  olderParams.set('after', page.pageInfo.endCursor || '');
  const newestParams = new URLSearchParams(location.search);
  newestParams.delete('after');

  box.innerHTML = `<section aria-labelledby="strip-h">
      <h2 id="strip-h">Last ${results.length} result${results.length === 1 ? '' : 's'}, newest first</h2>
      <p class="history-counts">${Object.keys(TEST_STATUS).filter((s) => counts[s]).map((s) => `${counts[s]} ${TEST_STATUS[s].label.split(' (')[0]}`).join(', ')}.
        Failure rate ${((failures / results.length) * 100).toFixed(1)}%.</p>
      <ol class="strip history-strip" aria-label="Results, newest first">${results.map((r) => {
    const s = TEST_STATUS[r.status] || TEST_STATUS.SKIPPED;
    const label = `${s.label}, ${duration(r.durationSeconds)}, commit ${shortSha(r.sha)}${r.branch ? ` on ${r.branch}` : ''}, ${new Date(r.receivedAt).toISOString()}`;
    return `<li><a class="sq s-${s.cls}" data-status="${esc(r.status)}" href="${esc(r.jobId ? jobUrl(r.jobId) : commitUrl(repo, r.sha))}" title="${esc(label)}"><span aria-hidden="true">${s.glyph}</span><span class="sr">${esc(label)}</span></a></li>`;
  }).join('')}</ol>
    </section>
    <section aria-labelledby="chart-h">
      <h2 id="chart-h">Duration</h2>
      <div class="chart" id="duration-chart" role="img" aria-label="Duration of each result over time, in seconds"></div>
    </section>
    <section aria-labelledby="results-h">
      <h2 id="results-h">Results</h2>
      <div class="table-wrap"><table class="data">
        <thead><tr><th scope="col">Status</th><th scope="col">Received</th><th scope="col">Duration</th><th scope="col">Commit</th>
          <th scope="col">Job</th><th scope="col">Branch</th><th scope="col">Message</th></tr></thead>
        <tbody>${results.map((r) => `<tr><td>${testBadge(r.status)}</td><td>${time(r.receivedAt)}</td>
          <td class="num">${esc(duration(r.durationSeconds))}</td>
          <td><a href="${esc(commitUrl(repo, r.sha))}"><code>${esc(shortSha(r.sha))}</code></a></td>
          <td>${r.jobId ? `<a href="${esc(jobUrl(r.jobId))}">${esc(r.jobName || r.jobId)}</a>` : esc(r.jobName || '–')}</td>
          <td>${esc(r.branch || '–')}</td><td class="msg-cell">${r.message ? `<code>${esc(r.message)}</code>` : ''}</td></tr>`).join('')}
        </tbody></table></div>
    </section>
    <nav class="pager" aria-label="Pages of results">
      ${after ? `<a href="${esc(`${location.pathname}?${newestParams}`)}">« Newest results</a>` : ''}
      ${page.pageInfo.hasNextPage ? `<a class="older" rel="next" href="${esc(`${location.pathname}?${olderParams}`)}">Older results »</a>` : ''}
    </nav>`;
  await drawChart(main.querySelector('#duration-chart'), results);
}

async function drawChart(element, results) {
  let echarts;
  try {
    echarts = await loadECharts();
  } catch (error) {
    element.innerHTML = `<p class="state error" role="alert">${esc(error.message)}</p>`;
    return;
  }
  // One point per result, oldest to newest, evenly spaced: results come in bursts (one per CI run), and a time axis
  // would pile a burst onto one spot.
  const points = results.filter((r) => r.durationSeconds !== null).reverse();
  if (!points.length) {
    element.innerHTML = '<p class="muted">No result has a duration.</p>';
    return;
  }
  const chart = echarts.init(element, null, { renderer: 'canvas' });
  chart.setOption({
    animation: false,
    grid: { left: 56, right: 24, top: 36, bottom: 48 },
    tooltip: {
      trigger: 'item',
      formatter: (p) => {
        const r = points[p.dataIndex];
        return `${esc(r.status.toLowerCase())} · ${esc(duration(r.durationSeconds))}<br>commit ${esc(shortSha(r.sha))}`
          + `${r.branch ? ` on ${esc(r.branch)}` : ''}<br>${esc(new Date(r.receivedAt).toLocaleString())}`;
      },
    },
    xAxis: {
      type: 'category',
      data: points.map((r) => r.receivedAt),
      axisLabel: { color: '#59636e', formatter: (iso) => SHORT.format(new Date(iso)), hideOverlap: true },
    },
    yAxis: { type: 'value', name: 'seconds', nameTextStyle: { color: '#59636e' }, axisLabel: { color: '#59636e' } },
    series: [{
      type: 'line',
      data: points.map((r) => ({ value: r.durationSeconds, itemStyle: { color: POINT_COLOURS[r.status] || '#6e7781' } })),
      showSymbol: true,
      symbolSize: 7,
      lineStyle: { color: '#59636e', width: 1.5 },
    }],
  });
  element.dataset.points = String(points.length);
  window.addEventListener('resize', () => chart.resize());
}
