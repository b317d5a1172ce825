// The metrics dashboard of a repository: commit red rate, time to signal, job duration, queue time (with the live
// queue), reverts and commits per day, and how many tests are flaky. Every chart says which GraphQL query drew it.

import { gql } from '../api.js';
import { loadECharts } from '../charts.js';
import { duration, emptyState, errorState, esc, flakyUrl, gqlString, queryLink, setTitle } from '../ui.js';

const RANGES = [1, 7, 14, 30, 90];
const PERCENTILES = { p50: 50, p90: 90, p95: 95, p99: 99, mean: null };
/** Lines drawn per time chart: the keys with the most samples. */
const TOP = 8;
const DAY = 86400000;

/** The page's state from the address, with defaults and invalid values replaced. */
export function readState(query) {
  const state = { range: query.get('range') || '7', percentile: query.get('percentile') || 'p90',
    branch: query.get('branch') || '', from: query.get('from') || '', to: query.get('to') || '' };
  if (state.range !== 'custom' && !RANGES.includes(Number(state.range))) state.range = '7';
  if (!(state.percentile in PERCENTILES)) state.percentile = 'p90';
  return state;
}

/** [from, to] as ISO instants: whole UTC days, the last one being today. */
function span(state) {
  if (state.range === 'custom') {
    const from = Date.parse(`${state.from}T00:00:00Z`);
    const to = Date.parse(`${state.to}T00:00:00Z`) + DAY;
    if (Number.isNaN(from) || Number.isNaN(to) || from >= to) {
      throw Object.assign(new Error('A custom range needs "from" and "to" dates (YYYY-MM-DD), "from" not after "to".'),
        { code: 'BAD_USER_INPUT' });
    }
    return [new Date(from).toISOString(), new Date(to).toISOString()];
  }
  const today = Math.floor(Date.now() / DAY) * DAY;
  return [new Date(today + DAY - Number(state.range) * DAY).toISOString(), new Date(today + DAY).toISOString()];
}

/** The text of one metric query, arguments written in, so that the same text runs here and in GraphiQL. */
function metricQuery(alias, name, repo, [from, to], extra = {}) {
  const args = [`name: ${gqlString(name)}`, `repo: ${gqlString(repo)}`, `from: ${gqlString(from)}`,
    `to: ${gqlString(to)}`, 'granularity: DAY'];
  if (extra.percentile) args.push(`percentile: ${extra.percentile}`);
  if (extra.branch) args.push(`branch: ${gqlString(extra.branch)}`);
  return `${alias}: metric(${args.join(', ')}) { name unit statistic branch from to points { time value count label } }`;
}

const wrap = (name, ...fields) => `query ${name} {\n  ${fields.join('\n  ')}\n}`;

/** The day buckets of the range, as ISO strings: the category axis of every chart. */
function days([from, to]) {
  const out = [];
  for (let t = Date.parse(from); t < Date.parse(to); t += DAY) out.push(new Date(t).toISOString().slice(0, 10));
  return out;
}

const dayOf = (iso) => iso.slice(0, 10);

export async function render(main, route) {
  const repo = `${route.params.owner}/${route.params.name}`;
  const state = readState(route.query);
  setTitle('Metrics', repo);
  const pct = PERCENTILES[state.percentile];
  main.innerHTML = `<article class="metrics">
    <header class="page-head">
      <h1>CI metrics of ${esc(repo)}</h1>
      <form class="controls" id="metrics-form" method="get" action="${esc(location.pathname)}">
        <label>Time range <select name="range" id="range">
          ${RANGES.map((r) => `<option value="${r}"${String(r) === state.range ? ' selected' : ''}>last ${r} day${r === 1 ? '' : 's'}</option>`).join('')}
          <option value="custom"${state.range === 'custom' ? ' selected' : ''}>custom…</option></select></label>
        <label class="custom-range">From <input type="date" name="from" value="${esc(state.from)}"></label>
        <label class="custom-range">To <input type="date" name="to" value="${esc(state.to)}"></label>
        <label>Percentile <select name="percentile" id="percentile">
          ${Object.keys(PERCENTILES).map((p) => `<option value="${p}"${p === state.percentile ? ' selected' : ''}>${p}</option>`).join('')}</select></label>
        <label>Branch <input name="branch" value="${esc(state.branch)}" placeholder="default branch" autocomplete="off" spellcheck="false"></label>
        <button type="submit">Show</button>
      </form>
      <p class="muted">Days are UTC. Times are the ${esc(state.percentile === 'mean' ? 'mean' : `${pct}th percentile`)} per day.
        The branch applies to the commit charts. <a href="/graphiql">GraphiQL</a> shows every query.</p>
    </header>
    <div id="dash"><p class="loading" role="status">Loading the metrics…</p></div>
  </article>`;
  const form = main.querySelector('#metrics-form');
  const showCustom = () => main.querySelectorAll('.custom-range').forEach((el) => { el.hidden = form.range.value !== 'custom'; });
  showCustom();
  form.addEventListener('change', (event) => {
    showCustom();
    // A custom range is shown once both dates are given.
    if (form.range.value === 'custom' && !(form.from.value && form.to.value)) return;
    if (event.target.name === 'branch') return; // submitted with Enter
    form.requestSubmit();
  });
  form.addEventListener('submit', (event) => {
    // Only what differs from the defaults goes into the address.
    event.preventDefault();
    const params = new URLSearchParams();
    params.set('range', form.range.value);
    if (form.range.value === 'custom') {
      params.set('from', form.from.value);
      params.set('to', form.to.value);
    }
    params.set('percentile', form.percentile.value);
    if (form.branch.value.trim()) params.set('branch', form.branch.value.trim());
    location.assign(`${location.pathname}?${params}`);
  });

  const box = main.querySelector('#dash');
  let range;
  try {
    range = span(state);
  } catch (error) {
    box.innerHTML = errorState(error, 'the metrics');
    return;
  }
  const branch = state.branch || null;
  const queries = {
    red: wrap('RedRate', metricQuery('broken', 'broken_rate', repo, range, { branch }),
      metricQuery('flaky', 'flaky_rate', repo, range, { branch }), metricQuery('commits', 'commits', repo, range, { branch })),
    tts: wrap('TimeToSignal', metricQuery('tts', 'tts', repo, range, { percentile: pct })),
    duration: wrap('JobDuration', metricQuery('duration', 'job_duration', repo, range, { percentile: pct })),
    queue: wrap('QueueTime', metricQuery('queue', 'queue_time', repo, range, { percentile: pct }),
      `queuedJobs(repo: ${gqlString(repo)}) { label queued maxQueueSeconds }`),
    reverts: wrap('RevertsAndCommits', metricQuery('reverts', 'reverts', repo, range),
      metricQuery('commits', 'commits', repo, range)),
    flaky: wrap('FlakyTests', `flakyTests(repo: ${gqlString(repo)}, first: 500) { edges { node { state } } pageInfo { hasNextPage } }`),
  };
  box.innerHTML = `<div class="dash">
    ${panel('red', 'Commits red on the branch', queries.red, 'Share of finished commits per day that were broken (latest attempt failed) or flaky (failed, then passed), and green.')}
    ${panel('tts', 'Time to signal per job', queries.tts, `The ${TOP} jobs with the most samples; successful first attempts of push runs.`)}
    ${panel('duration', 'Job duration', queries.duration, `The ${TOP} jobs with the most samples.`)}
    ${panel('queue', 'Queue time per runner label', queries.queue, 'Time from job creation to start, and the jobs waiting now.', '<div id="live-queue"></div>')}
    ${panel('reverts', 'Reverts and commits per day', queries.reverts, 'On the default branch.')}
    <section class="panel" aria-labelledby="flaky-h"><div class="panel-head"><h2 id="flaky-h">Flaky tests</h2>${queryLink(queries.flaky, 'the flaky-test count')}</div>
      <div id="flaky-count"><p class="loading" role="status">Loading…</p></div></section>
  </div>`;

  await loadECharts().catch((error) => { box.insertAdjacentHTML('afterbegin', `<p class="state error" role="alert">${esc(error.message)}</p>`); });
  const axis = days(range);
  await Promise.all([
    section('red', queries.red, (data) => drawRed(axis, data)),
    section('tts', queries.tts, (data) => drawLines('tts', axis, data.tts.points, 'seconds')),
    section('duration', queries.duration, (data) => drawLines('duration', axis, data.duration.points, 'seconds')),
    section('queue', queries.queue, (data) => { liveQueue(data.queuedJobs); return drawLines('queue', axis, data.queue.points, 'seconds'); }),
    section('reverts', queries.reverts, (data) => drawReverts(axis, data)),
    flakyCount(repo, queries.flaky),
  ]);
}

function panel(id, title, query, note, extra = '') {
  return `<section class="panel" aria-labelledby="${id}-h">
    <div class="panel-head"><h2 id="${id}-h">${esc(title)}</h2>${queryLink(query, `the chart "${title}"`)}</div>
    <p class="muted small">${esc(note)}</p>
    <div class="chart" id="${id}-chart" role="img" aria-label="${esc(title)}"><p class="loading" role="status">Loading…</p></div>${extra}
  </section>`;
}

/** Runs a section's query and draws it; a failure or no data stays inside the section. */
async function section(id, query, draw) {
  const element = document.getElementById(`${id}-chart`);
  try {
    const data = await gql(query);
    if (!draw(data)) {
      element.innerHTML = `<p class="state empty" role="status">No data in this range. Metrics come from the rollups of the
        rollups (<code>GET /api/v1/rollups</code>); widen the range, or send CI data: <a href="/help">how</a>.</p>`;
      element.dataset.points = '0';
    }
  } catch (error) {
    element.innerHTML = errorState(error, 'this chart');
  }
}

function chartOf(id) {
  const element = document.getElementById(`${id}-chart`);
  element.innerHTML = '';
  return window.echarts.init(element, null, { renderer: 'canvas' });
}

const BASE = {
  animation: false,
  grid: { left: 64, right: 16, top: 40, bottom: 40 },
  tooltip: { trigger: 'axis' },
  legend: { type: 'scroll', top: 0 },
};

function drawRed(axis, data) {
  const byDay = (series) => new Map(series.points.map((p) => [dayOf(p.time), p]));
  const broken = byDay(data.broken);
  const flaky = byDay(data.flaky);
  const finishedDays = axis.filter((d) => broken.has(d));
  if (!finishedDays.length) return false;
  const value = (map, d) => (map.has(d) ? Math.round(map.get(d).value * 1000) / 10 : null);
  const series = [
    { name: 'broken', type: 'bar', stack: 'red', color: '#cf222e', data: axis.map((d) => value(broken, d)) },
    { name: 'flaky', type: 'bar', stack: 'red', color: '#9a6700', data: axis.map((d) => value(flaky, d)) },
    { name: 'green', type: 'bar', stack: 'red', color: '#1a7f37',
      data: axis.map((d) => (broken.has(d) ? Math.round((1 - broken.get(d).value - (flaky.get(d) || { value: 0 }).value) * 1000) / 10 : null)) },
  ];
  const chart = chartOf('red');
  chart.setOption({ ...BASE, xAxis: { type: 'category', data: axis },
    yAxis: { type: 'value', max: 100, axisLabel: { formatter: '{value} %' } }, series });
  const element = document.getElementById('red-chart');
  element.dataset.points = String(finishedDays.length);
  const commits = data.commits.points.reduce((n, p) => n + p.value, 0);
  element.setAttribute('aria-label', `Commits red per day: ${finishedDays.map((d) => `${d}: ${value(broken, d)} % broken, ${value(flaky, d)} % flaky`).join('; ')}. ${commits} commits in the range.`);
  return true;
}

/** One line per key (job or label): the TOP keys with the most samples in the range. */
function drawLines(id, axis, points, unit) {
  if (!points.length) return false;
  const samples = new Map();
  points.forEach((p) => samples.set(p.label, (samples.get(p.label) || 0) + p.count));
  const keys = [...samples.keys()].sort((a, b) => samples.get(b) - samples.get(a) || a.localeCompare(b)).slice(0, TOP);
  const series = keys.map((key) => {
    const byDay = new Map(points.filter((p) => p.label === key).map((p) => [dayOf(p.time), p.value]));
    return { name: key, type: 'line', connectNulls: true, symbolSize: 6,
      data: axis.map((d) => (byDay.has(d) ? Math.round(byDay.get(d) * 10) / 10 : null)) };
  });
  const chart = chartOf(id);
  chart.setOption({ ...BASE, xAxis: { type: 'category', data: axis },
    yAxis: { type: 'value', axisLabel: { formatter: (v) => duration(v) } },
    tooltip: { trigger: 'axis', valueFormatter: (v) => duration(v) }, series });
  const element = document.getElementById(`${id}-chart`);
  element.dataset.points = String(points.length);
  element.dataset.series = String(series.length);
  return true;
}

function drawReverts(axis, data) {
  if (!data.reverts.points.length && !data.commits.points.length) return false;
  const byDay = (points) => new Map(points.map((p) => [dayOf(p.time), p.value]));
  const reverts = byDay(data.reverts.points);
  const commits = byDay(data.commits.points);
  const chart = chartOf('reverts');
  chart.setOption({ ...BASE, xAxis: { type: 'category', data: axis }, yAxis: { type: 'value', minInterval: 1 },
    series: [
      { name: 'commits', type: 'bar', color: '#0969da', data: axis.map((d) => commits.get(d) ?? 0) },
      { name: 'reverts', type: 'bar', color: '#cf222e', data: axis.map((d) => reverts.get(d) ?? 0) },
    ] });
  document.getElementById('reverts-chart').dataset.points = String(data.commits.points.length);
  return true;
}

function liveQueue(queues) {
  const box = document.getElementById('live-queue');
  if (!queues.length) {
    box.innerHTML = '<p class="muted" role="status">No job is waiting for a runner now.</p>';
    return;
  }
  box.innerHTML = `<div class="table-wrap"><table class="data live-queue">
    <caption>Waiting for a runner now</caption>
    <thead><tr><th scope="col">Runner label</th><th scope="col">Jobs queued</th><th scope="col">Oldest waiting</th></tr></thead>
    <tbody>${queues.map((q) => `<tr><th scope="row"><code>${esc(q.label)}</code></th><td class="num">${q.queued}</td>
      <td class="num">${esc(duration(q.maxQueueSeconds))}</td></tr>`).join('')}</tbody></table></div>`;
}

async function flakyCount(repo, query) {
  const box = document.getElementById('flaky-count');
  try {
    const connection = (await gql(query)).flakyTests;
    const states = {};
    connection.edges.forEach((e) => { states[e.node.state] = (states[e.node.state] || 0) + 1; });
    const total = `${connection.edges.length}${connection.pageInfo.hasNextPage ? '+' : ''}`;
    box.innerHTML = `<p class="big-number" id="flaky-total">${esc(total)}</p>
      <p>tests not healthy over the last 7 days${connection.edges.length ? `: ${['FLAKY', 'BROKEN', 'DISABLED'].filter((s) => states[s]).map((s) => `${states[s]} ${s.toLowerCase()}`).join(', ')}` : ''}.
      <a href="${esc(flakyUrl(repo))}">Test health</a></p>`;
  } catch (error) {
    box.innerHTML = errorState(error, 'the flaky tests');
  }
}
