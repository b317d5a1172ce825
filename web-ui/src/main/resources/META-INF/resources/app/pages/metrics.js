// The metrics dashboard of a repository: commit red rate, time to signal, job duration, queue time (with the live
// queue), reverts and commits, and how many tests are flaky. Every chart says which GraphQL query drew it.
// Controls as on PyTorch's /metrics: a range (or custom dates), a granularity (auto: hour below 14 days, day from 14,
// week from 90), a statistic (avg, p50 ... p99, max) and "show %"; all of it lives in the address. The page redraws
// itself every REFRESH_MS, and the live queue at once when a job of the repository changes (subscription).

import { gql } from '../api.js';
import { loadECharts } from '../charts.js';
import { subscribe } from '../live.js';
import { duration, errorState, esc, external, flakyUrl, gqlString, jobUrl, kpisUrl, queryLink, setTitle, time, ttsUrl } from '../ui.js';

export const RANGES = [1, 3, 7, 14, 30, 90, 180, 365];
/** What the statistic control offers, and the percentile argument each one sends (avg: none, the mean). */
const STATISTICS = { avg: null, p50: 50, p90: 90, p95: 95, p99: 99, max: 100 };
export const GRANULARITIES = ['auto', 'hour', 'day', 'week'];
/** Lines drawn per time chart: the keys with the most samples. */
const TOP = 8;
const HOUR = 3600000;
const DAY = 86400000;
/** The most buckets the API serves per series (MetricRequest.MAX_BUCKETS). */
const MAX_BUCKETS = 1000;
export const REFRESH_MS = 5 * 60 * 1000;

/** The page's state from the address, with defaults and invalid values replaced. */
export function readState(query) {
  const state = { range: query.get('range') || '7', percentile: query.get('percentile') || 'p90',
    granularity: query.get('granularity') || 'auto', percent: query.get('percent') !== '0',
    branch: query.get('branch') || '', from: query.get('from') || '', to: query.get('to') || '' };
  if (state.range !== 'custom' && !RANGES.includes(Number(state.range))) state.range = '7';
  if (state.percentile === 'mean') state.percentile = 'avg'; // the name of earlier addresses
  if (!(state.percentile in STATISTICS)) state.percentile = 'p90';
  if (!GRANULARITIES.includes(state.granularity)) state.granularity = 'auto';
  return state;
}

/** Days in the range, for the automatic granularity. */
function rangeDays(state) {
  if (state.range !== 'custom') return Number(state.range);
  return (Date.parse(`${state.to}T00:00:00Z`) - Date.parse(`${state.from}T00:00:00Z`)) / DAY + 1;
}

/**
 * The granularity of the charts. Auto: hour below 14 days, day from 14, week from 90 (PyTorch's rule); a choice that
 * would exceed the API's bucket limit is widened. The time charts have hours only from hourlyTimesSince on (the
 * rollup keeps hours for a recent horizon): a range that starts earlier draws them per day.
 */
export function granularities(state, days, rangeStart = null, hourlyTimesSince = null) {
  let g = state.granularity;
  if (g === 'auto') g = days < 14 ? 'hour' : days < 90 ? 'day' : 'week';
  if (g === 'hour' && days * 24 > MAX_BUCKETS) g = 'day';
  const hoursKept = rangeStart !== null && hourlyTimesSince !== null && Date.parse(rangeStart) >= Date.parse(hourlyTimesSince);
  return { commit: g, time: g === 'hour' && !hoursKept ? 'day' : g };
}

/** The first hour the time metrics are kept per hour; null when it cannot be read (their charts are then per day). */
export async function hourlyTimesSince() {
  try {
    return (await gql('query HourlyTimesSince { hourlyTimesSince }')).hourlyTimesSince;
  } catch (error) {
    return null;
  }
}

/** [from, to] as ISO instants: whole UTC days, the last one being today; custom ranges take whole days. */
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
function metricQuery(alias, name, repo, [from, to], granularity, extra = {}) {
  const args = [`name: ${gqlString(name)}`, `repo: ${gqlString(repo)}`, `from: ${gqlString(from)}`,
    `to: ${gqlString(to)}`, `granularity: ${granularity.toUpperCase()}`];
  if (extra.percentile) args.push(`percentile: ${extra.percentile}`);
  if (extra.branch) args.push(`branch: ${gqlString(extra.branch)}`);
  return `${alias}: metric(${args.join(', ')}) { name unit statistic granularity branch from to points { time value count label } }`;
}

const wrap = (name, ...fields) => `query ${name} {\n  ${fields.join('\n  ')}\n}`;

/** The key of a bucket on a chart's axis: its start, to the hour or the day. */
export const bucketKey = (iso, granularity) => (granularity === 'HOUR' ? `${iso.slice(0, 13)}:00` : iso.slice(0, 10));

/** The buckets of a series (from, to and granularity as the API widened them): the category axis of a chart. */
export function axisOf(series) {
  const step = series.granularity === 'HOUR' ? HOUR : series.granularity === 'WEEK' ? 7 * DAY : DAY;
  const out = [];
  for (let t = Date.parse(series.from); t < Date.parse(series.to); t += step) {
    out.push(bucketKey(new Date(t).toISOString(), series.granularity));
  }
  return out;
}

const BUCKET_WORD = { hour: 'hour', day: 'day', week: 'week (from Monday)' };

export async function render(main, route) {
  const repo = `${route.params.owner}/${route.params.name}`;
  repoOfJobs = repo;
  const state = readState(route.query);
  setTitle('Metrics', repo);
  const pct = STATISTICS[state.percentile];
  const chosen = granularities(state, rangeDays(state)).commit;
  main.innerHTML = `<article class="metrics">
    <header class="page-head">
      <h1>CI metrics of ${esc(repo)}</h1>
      <form class="controls" id="metrics-form" method="get" action="${esc(location.pathname)}">
        <label>Time range <select name="range" id="range">
          ${RANGES.map((r) => `<option value="${r}"${String(r) === state.range ? ' selected' : ''}>last ${r} day${r === 1 ? '' : 's'}</option>`).join('')}
          <option value="custom"${state.range === 'custom' ? ' selected' : ''}>custom…</option></select></label>
        <label class="custom-range">From <input type="date" name="from" value="${esc(state.from)}"></label>
        <label class="custom-range">To <input type="date" name="to" value="${esc(state.to)}"></label>
        <label>Granularity <select name="granularity" id="granularity">
          ${GRANULARITIES.map((g) => `<option value="${g}"${g === state.granularity ? ' selected' : ''}>${g === 'auto' ? `auto (${chosen})` : g}</option>`).join('')}</select></label>
        <label>Percentile <select name="percentile" id="percentile">
          ${Object.keys(STATISTICS).map((p) => `<option value="${p}"${p === state.percentile ? ' selected' : ''}>${p}</option>`).join('')}</select></label>
        <label class="check"><input type="checkbox" name="percent" id="percent"${state.percent ? ' checked' : ''}> show %</label>
        <label>Branch <input name="branch" value="${esc(state.branch)}" placeholder="default branch" autocomplete="off" spellcheck="false"></label>
        <button type="submit">Show</button>
      </form>
      <p class="muted">Buckets are UTC ${esc(BUCKET_WORD[chosen])}s<span id="time-grain"></span>.
        Times are the ${esc(state.percentile === 'avg' ? 'mean' : state.percentile === 'max' ? 'largest sample' : `${pct}th percentile`)} per bucket.
        The branch applies to the commit charts. The page refreshes itself every ${REFRESH_MS / 60000} minutes.
        <a href="/graphiql">GraphiQL</a> shows every query. Long-range weekly trends: <a href="${esc(kpisUrl(repo))}" id="kpis-link">KPIs</a>.</p>
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
    if (form.granularity.value !== 'auto') params.set('granularity', form.granularity.value);
    params.set('percentile', form.percentile.value);
    if (!form.percent.checked) params.set('percent', '0');
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
  const since = chosen === 'hour' ? await hourlyTimesSince() : null;
  const grain = granularities(state, rangeDays(state), range[0], since);
  if (grain.time !== grain.commit) {
    main.querySelector('#time-grain').textContent = since
      ? ` (times per ${grain.time}: they are kept per hour since ${since.slice(0, 10)})`
      : ` (times per ${grain.time})`;
  }
  const branch = state.branch || null;
  const c = grain.commit;
  const t = grain.time;
  const queries = {
    red: wrap('RedRate', metricQuery('broken', 'broken_rate', repo, range, c, { branch }),
      metricQuery('flaky', 'flaky_rate', repo, range, c, { branch }), metricQuery('commits', 'commits', repo, range, c, { branch })),
    tts: wrap('TimeToSignal', metricQuery('tts', 'tts', repo, range, t, { percentile: pct })),
    duration: wrap('JobDuration', metricQuery('duration', 'job_duration', repo, range, t, { percentile: pct })),
    queue: wrap('QueueTime', metricQuery('queue', 'queue_time', repo, range, t, { percentile: pct }),
      `queuedJobs(repo: ${gqlString(repo)}) { label queued maxQueueSeconds }`),
    reverts: wrap('RevertsAndCommits', metricQuery('reverts', 'reverts', repo, range, c),
      metricQuery('commits', 'commits', repo, range, c)),
    ttrs: wrap('TimeToRedSignal', metricQuery('ttrs', 'ttrs', repo, range, t, { percentile: pct })),
    load: wrap('WorkflowLoad', metricQuery('load', 'workflow_load', repo, range, c)),
    disabled: wrap('NewDisabledTests', metricQuery('disabled', 'new_disabled_tests', repo, range, c)),
    landing: wrap('PullRequestLanding', metricQuery('landing', 'pr_landing_time', repo, range, c, { percentile: pct })),
    retries: wrap('MergeRetries', metricQuery('retries', 'merge_retries', repo, range, c)),
    forced: wrap('ForceMerges', metricQuery('forced', 'force_merges', repo, range, c)),
    flaky: wrap('FlakyTests', `flakyTests(repo: ${gqlString(repo)}, first: 500) { edges { node { state } } pageInfo { hasNextPage } }`),
    changes: wrap('Changes', `metricChanges(repo: ${gqlString(repo)}) { metric key day direction sentence pValue }`),
    failures: wrap('FailureClassifications', `failureClassifications(repo: ${gqlString(repo)}, from: ${gqlString(range[0])}, to: ${gqlString(range[1])}) {
    branch matched unmatched unavailable unclassified
    groups { rule captured count exampleLine exampleJobId exampleJobName exampleJobUrl lastSeen } }`),
    tiles: wrap('Tiles', `metricTiles(repo: ${gqlString(repo)}, from: ${gqlString(range[0])}, to: ${gqlString(range[1])}) {
    branch workflows tiles { name title value unit count amber red thresholdsSet level detail } }`),
  };
  box.innerHTML = `<section aria-labelledby="tiles-h" class="tiles-section">
    <div class="panel-head"><h2 id="tiles-h">At a glance</h2>${queryLink(queries.tiles, 'the tiles')}</div>
    <ul class="tiles" id="tiles"><li class="loading" role="status">Loading…</li></ul></section>
  <section aria-labelledby="changes-h" class="changes-section">
    <div class="panel-head"><h2 id="changes-h">Changes</h2>${queryLink(queries.changes, 'the list of changes')}</div>
    <div id="changes"><p class="loading" role="status">Loading…</p></div></section>
  <div class="dash" data-refreshes="0">
    ${panel('red', 'Commits red on the branch', queries.red, `Per ${c}: finished commits that were broken (latest attempt failed) or flaky (failed, then passed), and green${state.percent ? ', in %' : ''}.`)}
    ${panel('tts', 'Time to signal per job', queries.tts, `The ${TOP} jobs with the most samples; successful first attempts of push runs.`)}
    ${panel('ttrs', 'Time to red signal per job', queries.ttrs, `The ${TOP} jobs with the most samples: from a failed first attempt's start on a pull request to its first failing step.`)}
    ${panel('duration', 'Job duration', queries.duration, `The ${TOP} jobs with the most samples.`)}
    ${panel('queue', 'Queue time per runner label', queries.queue, 'Time from job creation to start, and the jobs waiting now.', '<div id="live-queue"></div>')}
    ${panel('reverts', 'Reverts and commits', queries.reverts, `On the default branch, per ${c}.`)}
    ${panel('load', 'Workflow load', queries.load, `Workflow runs started per ${c}, by workflow (first attempts).`)}
    ${panel('disabled', 'New disabled tests', queries.disabled, `Tests disabled for the first time, per ${c}.`)}
    ${panel('landing', 'Pull request landing time', queries.landing, `From the merge bot's first merge attempt or the first approval, whichever came first, to the merge, by merge ${c}.`)}
    ${panel('retries', 'Merge attempts per merged pull request', queries.retries, `Mean of the merge bot's attempts per pull request merged that ${c}.`)}
    ${panel('forced', state.percent ? '% of merges forced' : 'Force merges', queries.forced, `Pull requests merged that ${c} whose merge command was forced (a comment before the merge matching the merge bot's force pattern)${state.percent ? ', as a share of all merges, in %' : ', beside all merges'}.`)}
    <section class="panel" aria-labelledby="failures-h"><div class="panel-head"><h2 id="failures-h">Failed jobs by log classification</h2>${queryLink(queries.failures, 'the log classifications')}</div>
      <p class="muted small">Failed, cancelled and timed-out jobs of the default branch, by the rule that matched their log and what it captured; the example is the newest job.</p>
      <div id="failures"><p class="loading" role="status">Loading…</p></div></section>
    <section class="panel" aria-labelledby="flaky-h"><div class="panel-head"><h2 id="flaky-h">Flaky tests</h2>${queryLink(queries.flaky, 'the flaky-test count')}</div>
      <div id="flaky-count"><p class="loading" role="status">Loading…</p></div></section>
  </div>`;

  await loadECharts().catch((error) => { box.insertAdjacentHTML('afterbegin', `<p class="state error" role="alert">${esc(error.message)}</p>`); });
  const drawAll = async () => { await loadChanges(queries.changes); return Promise.all([
    drawTiles(queries.tiles),
    section('red', queries.red, (data) => drawRed(data, state.percent)),
    section('tts', queries.tts, (data) => drawLines('tts', data.tts)),
    section('duration', queries.duration, (data) => drawLines('duration', data.duration)),
    section('queue', queries.queue, (data) => { liveQueue(data.queuedJobs); return drawLines('queue', data.queue); }),
    section('reverts', queries.reverts, (data) => drawReverts(data)),
    section('ttrs', queries.ttrs, (data) => drawLines('ttrs', data.ttrs)),
    section('load', queries.load, (data) => drawCounts('load', data.load)),
    section('disabled', queries.disabled, (data) => drawCounts('disabled', data.disabled)),
    section('landing', queries.landing, (data) => drawLines('landing', data.landing)),
    section('retries', queries.retries, (data) => drawCounts('retries', data.retries)),
    section('forced', queries.forced, (data) => drawForced(data.forced, state.percent)),
    flakyCount(repo, queries.flaky),
    failureClassifications(queries.failures),
  ]); };
  await drawAll();
  const dash = box.querySelector('.dash');
  // Every few minutes the same queries again: the address keeps the state, so nothing else changes.
  setInterval(async () => {
    await drawAll();
    dash.dataset.refreshes = String(Number(dash.dataset.refreshes) + 1);
  }, REFRESH_MS);
  watchQueue(repo);
}

/**
 * The live queue at once: a changed job of the repository re-reads queuedJobs (at most once a second). The queue is
 * also read again when the subscription goes live, so that a job that changed between the first draw and then is
 * not missed until the next refresh; the box says the subscription's state in data-live.
 */
function watchQueue(repo) {
  const query = `query LiveQueue { queuedJobs(repo: ${gqlString(repo)}) { label queued maxQueueSeconds } }`;
  let timer = null;
  const reread = () => {
    if (timer) return;
    timer = setTimeout(async () => {
      timer = null;
      try {
        liveQueue((await gql(query)).queuedJobs);
      } catch (error) {
        // The next refresh draws the queue again.
      }
    }, 1000);
  };
  subscribe('subscription MetricsQueue($repo: String!) { jobUpdated(repo: $repo) { id } }', { repo }, reread, (state) => {
    const box = document.getElementById('live-queue');
    if (box) box.dataset.live = state;
    if (state === 'live') reread();
  });
}

/** Open changes of the repository's series (metric-changes rollup): listed, and drawn on their charts. */
let openChanges = [];

async function loadChanges(query) {
  const box = document.getElementById('changes');
  try {
    openChanges = (await gql(query)).metricChanges;
    box.innerHTML = openChanges.length
      ? `<ul class="change-list">${openChanges.map((c) => `<li class="change change-${esc(c.direction)}" data-metric="${esc(c.metric)}">${esc(c.sentence)}</li>`).join('')}</ul>`
      : '<p class="muted" role="status">No lasting change in the last days: red rate, time to signal, job duration and queue time hold their level.</p>';
  } catch (error) {
    openChanges = [];
    box.innerHTML = errorState(error, 'the changes');
  }
}

/** The bucket (on a chart's axis) that holds a change's first day. */
function changeBucket(day, granularity) {
  if (granularity === 'HOUR') return `${day}T00:00`;
  if (granularity === 'WEEK') {
    const t = Date.parse(`${day}T00:00:00Z`);
    const monday = t - ((new Date(t).getUTCDay() + 6) % 7) * DAY;
    return new Date(monday).toISOString().slice(0, 10);
  }
  return day;
}

/** A vertical line per change of the metric (and of a drawn key) that falls on the axis. */
function changeMarks(metric, keys, axis, granularity) {
  const marks = openChanges.filter((c) => c.metric === metric && (keys === null || keys.includes(c.key)))
    .map((c) => ({ xAxis: changeBucket(c.day, granularity), label: { formatter: c.key ? `${c.key}: ${c.direction}` : c.direction, position: 'insideEndTop' } }))
    .filter((m) => axis.includes(m.xAxis));
  return marks.length ? { symbol: 'none', lineStyle: { color: '#8250df', type: 'dashed' }, data: marks } : null;
}

const LEVEL_WORDS = { GREEN: 'good', AMBER: 'watch', RED: 'bad', NONE: 'no threshold' };

/** A tile's value in its unit: ratios as %, seconds as a duration, counts as they are. */
export function tileValue(tile) {
  if (tile.value === null || tile.value === undefined) return '—';
  if (tile.unit === 'ratio') return `${Math.round(tile.value * 1000) / 10} %`;
  if (tile.unit === 'seconds') return duration(tile.value);
  return String(Math.round(tile.value));
}

function thresholdText(tile) {
  if (tile.amber === null || tile.amber === undefined) return 'no thresholds set';
  const shown = (v) => tileValue({ ...tile, value: v });
  return `amber from ${shown(tile.amber)}, red from ${shown(tile.red)}${tile.thresholdsSet ? '' : ' (defaults)'}`;
}

/** The scalar tiles, coloured by the repository's thresholds (Settings → metricThreshold, or the defaults). */
async function drawTiles(query) {
  const box = document.getElementById('tiles');
  try {
    const { metricTiles } = await gql(query);
    box.innerHTML = metricTiles.tiles.map((t) => `<li class="tile level-${t.level.toLowerCase()}" id="tile-${esc(t.name)}" data-level="${esc(t.level)}">
      <h3>${esc(t.title)}</h3>
      <p class="tile-value">${esc(tileValue(t))} <span class="sr">(${esc(LEVEL_WORDS[t.level])})</span></p>
      <p class="tile-note" title="${esc(t.detail || '')}">${esc(thresholdText(t))}</p></li>`).join('');
  } catch (error) {
    box.innerHTML = `<li>${errorState(error, 'the tiles')}</li>`;
  }
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
      const old = window.echarts && window.echarts.getInstanceByDom(element);
      if (old) old.dispose();
      element.innerHTML = `<p class="state empty" role="status">No data in this range. Metrics come from the rollups
        (<code>GET /api/v1/rollups</code>); widen the range, or send CI data: <a href="/help">how</a>.</p>`;
      element.dataset.points = '0';
    }
  } catch (error) {
    element.innerHTML = errorState(error, 'this chart');
  }
}

function chartOf(id) {
  const element = document.getElementById(`${id}-chart`);
  const old = window.echarts.getInstanceByDom(element);
  if (old) return old;
  element.innerHTML = '';
  return window.echarts.init(element, null, { renderer: 'canvas' });
}

const BASE = {
  animation: false,
  grid: { left: 64, right: 16, top: 40, bottom: 40 },
  tooltip: { trigger: 'axis' },
  legend: { type: 'scroll', top: 0 },
};

/** Stacked bars per bucket: broken, flaky and green commits, as shares of the finished (show %) or as counts. */
function drawRed(data, percent) {
  const axis = axisOf(data.broken);
  const g = data.broken.granularity;
  const byBucket = (series) => new Map(series.points.map((p) => [bucketKey(p.time, g), p]));
  const broken = byBucket(data.broken);
  const flaky = byBucket(data.flaky);
  const finishedBuckets = axis.filter((d) => broken.has(d));
  if (!finishedBuckets.length) return false;
  // A point's count is the bucket's finished commits; a rate times it is a number of commits.
  const part = (map, d) => {
    if (!map.has(d)) return null;
    const p = map.get(d);
    return percent ? Math.round(p.value * 1000) / 10 : Math.round(p.value * p.count);
  };
  const green = (d) => {
    if (!broken.has(d)) return null;
    const share = 1 - broken.get(d).value - (flaky.get(d) || { value: 0 }).value;
    return percent ? Math.round(share * 1000) / 10 : Math.round(share * broken.get(d).count);
  };
  const series = [
    { name: 'broken', type: 'bar', stack: 'red', color: '#cf222e', data: axis.map((d) => part(broken, d)) },
    { name: 'flaky', type: 'bar', stack: 'red', color: '#9a6700', data: axis.map((d) => part(flaky, d) ?? (broken.has(d) ? 0 : null)) },
    { name: 'green', type: 'bar', stack: 'red', color: '#1a7f37', data: axis.map(green) },
  ];
  const marks = changeMarks('red_rate', null, axis, g);
  if (marks) series[0].markLine = marks;
  document.getElementById('red-chart').dataset.changes = String(marks ? marks.data.length : 0);
  const chart = chartOf('red');
  chart.setOption({ ...BASE, xAxis: { type: 'category', data: axis },
    yAxis: percent ? { type: 'value', max: 100, axisLabel: { formatter: '{value} %' } } : { type: 'value', minInterval: 1 },
    series }, true);
  const element = document.getElementById('red-chart');
  element.dataset.points = String(finishedBuckets.length);
  element.dataset.granularity = g;
  element.dataset.unit = percent ? 'percent' : 'commits';
  const commits = data.commits.points.reduce((n, p) => n + p.value, 0);
  const unit = percent ? ' %' : ' commits';
  element.setAttribute('aria-label', `Commits red per ${g.toLowerCase()}: ${finishedBuckets.map((d) => `${d}: ${part(broken, d)}${unit} broken, ${part(flaky, d) ?? 0}${unit} flaky`).join('; ')}. ${commits} commits in the range.`);
  return true;
}

/** One line per key (job or label): the TOP keys with the most samples in the range. */
function drawLines(id, data) {
  const { points } = data;
  if (!points.length) return false;
  const axis = axisOf(data);
  const samples = new Map();
  const label = (p) => p.label ?? data.name;
  points.forEach((p) => samples.set(label(p), (samples.get(label(p)) || 0) + p.count));
  const keys = [...samples.keys()].sort((a, b) => samples.get(b) - samples.get(a) || a.localeCompare(b)).slice(0, TOP);
  const series = keys.map((key) => {
    const byBucket = new Map(points.filter((p) => label(p) === key).map((p) => [bucketKey(p.time, data.granularity), p.value]));
    return { name: key, type: 'line', connectNulls: true, symbolSize: 6,
      data: axis.map((d) => (byBucket.has(d) ? Math.round(byBucket.get(d) * 10) / 10 : null)) };
  });
  const metric = { tts: 'tts', duration: 'job_duration', queue: 'queue_time' }[id];
  const marks = metric ? changeMarks(metric, keys, axis, data.granularity) : null;
  if (marks && series.length) series[0].markLine = marks;
  document.getElementById(`${id}-chart`).dataset.changes = String(marks ? marks.data.length : 0);
  const chart = chartOf(id);
  chart.setOption({ ...BASE, xAxis: { type: 'category', data: axis },
    yAxis: { type: 'value', axisLabel: { formatter: (v) => duration(v) } },
    tooltip: { trigger: 'axis', valueFormatter: (v) => duration(v) }, series }, true);
  const element = document.getElementById(`${id}-chart`);
  element.dataset.points = String(points.length);
  element.dataset.series = String(series.length);
  element.dataset.granularity = data.granularity;
  if (repoOfJobs && ['tts', 'ttrs', 'duration'].includes(id)) jobLinks(id, keys);
  return true;
}

let repoOfJobs = null;

/** Every job name of a job chart links to the time-to-signal page of that job. */
function jobLinks(id, keys) {
  const element = document.getElementById(`${id}-chart`);
  let list = element.parentElement.querySelector('.job-links');
  if (!list) {
    list = document.createElement('ul');
    list.className = 'job-links small';
    element.after(list);
  }
  list.innerHTML = keys.map((key) => `<li><a href="${esc(ttsUrl(repoOfJobs, [key]))}">${esc(key)}</a></li>`).join('');
}

/** Stacked bars of counts per bucket, one series per key (workflow) or one for a metric without keys. */
function drawCounts(id, data) {
  if (!data.points.length) return false;
  const axis = axisOf(data);
  const keys = [...new Set(data.points.map((p) => p.label ?? data.name))].sort();
  const series = keys.map((key) => {
    const byBucket = new Map(data.points.filter((p) => (p.label ?? data.name) === key).map((p) => [bucketKey(p.time, data.granularity), p.value]));
    return { name: key, type: 'bar', stack: 'count', data: axis.map((d) => byBucket.get(d) ?? 0) };
  });
  const chart = chartOf(id);
  chart.setOption({ ...BASE, xAxis: { type: 'category', data: axis }, yAxis: { type: 'value', minInterval: 1 }, series }, true);
  const element = document.getElementById(`${id}-chart`);
  element.dataset.points = String(data.points.length);
  element.dataset.series = String(series.length);
  element.dataset.total = String(data.points.reduce((n, p) => n + p.value, 0));
  element.dataset.granularity = data.granularity;
  return true;
}

/** Forced merges per bucket beside all merges (counts), or forced as a share of the merges (show %). */
function drawForced(data, percent) {
  if (!data.points.length) return false;
  const axis = axisOf(data);
  const byBucket = new Map(data.points.map((p) => [bucketKey(p.time, data.granularity), p]));
  const share = (p) => Math.round((p.value / p.count) * 1000) / 10;
  const series = percent
    ? [{ name: 'forced %', type: 'bar', color: '#cf222e', data: axis.map((d) => (byBucket.has(d) ? share(byBucket.get(d)) : null)) }]
    : [
      { name: 'merges', type: 'bar', color: '#0969da', data: axis.map((d) => byBucket.get(d)?.count ?? 0) },
      { name: 'forced', type: 'bar', color: '#cf222e', data: axis.map((d) => byBucket.get(d)?.value ?? 0) },
    ];
  const chart = chartOf('forced');
  chart.setOption({ ...BASE, xAxis: { type: 'category', data: axis },
    yAxis: percent ? { type: 'value', max: 100, axisLabel: { formatter: '{value} %' } } : { type: 'value', minInterval: 1 },
    series }, true);
  const element = document.getElementById('forced-chart');
  const forced = data.points.reduce((n, p) => n + p.value, 0);
  const merges = data.points.reduce((n, p) => n + p.count, 0);
  element.dataset.points = String(data.points.length);
  element.dataset.unit = percent ? 'percent' : 'pull requests';
  element.dataset.forced = String(forced);
  element.dataset.merges = String(merges);
  element.setAttribute('aria-label', `Force merges per ${data.granularity.toLowerCase()}: ${data.points.filter((p) => p.value > 0)
    .map((p) => `${bucketKey(p.time, data.granularity)}: ${p.value} of ${p.count}${percent ? ` (${share(p)} %)` : ''}`).join('; ') || 'none'}. ${forced} of ${merges} merges forced in the range.`);
  return true;
}

function drawReverts(data) {
  if (!data.reverts.points.length && !data.commits.points.length) return false;
  const axis = axisOf(data.reverts);
  const g = data.reverts.granularity;
  const byBucket = (points) => new Map(points.map((p) => [bucketKey(p.time, g), p.value]));
  const reverts = byBucket(data.reverts.points);
  const commits = byBucket(data.commits.points);
  const chart = chartOf('reverts');
  chart.setOption({ ...BASE, xAxis: { type: 'category', data: axis }, yAxis: { type: 'value', minInterval: 1 },
    series: [
      { name: 'commits', type: 'bar', color: '#0969da', data: axis.map((d) => commits.get(d) ?? 0) },
      { name: 'reverts', type: 'bar', color: '#cf222e', data: axis.map((d) => reverts.get(d) ?? 0) },
    ] }, true);
  document.getElementById('reverts-chart').dataset.points = String(data.commits.points.length);
  document.getElementById('reverts-chart').dataset.granularity = g;
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

/** The failed jobs of the range grouped by what the log classifier found (failureClassifications): a table. */
async function failureClassifications(query) {
  const box = document.getElementById('failures');
  try {
    const f = (await gql(query)).failureClassifications;
    const counts = `${f.matched} matched a rule, ${f.unmatched} matched none, ${f.unavailable} had no log left,
      ${f.unclassified} without a classification (not read yet, or older than the rollup reads).`;
    box.dataset.groups = String(f.groups.length);
    if (!f.groups.length) {
      box.innerHTML = `<p class="state empty" role="status">No classified failure on ${esc(f.branch)} in this range: ${esc(counts)}
        Logs are read from GitHub by the <code>log-classifications</code> rollup, which needs a GitHub token.</p>`;
      return;
    }
    box.innerHTML = `<div class="table-wrap"><table class="data failure-classes">
      <thead><tr><th scope="col">Jobs</th><th scope="col">Rule</th><th scope="col">Captured and example line</th><th scope="col">Example job</th></tr></thead>
      <tbody>${f.groups.map((g) => `<tr>
        <td class="num">${g.count}</td><td><code>${esc(g.rule)}</code></td>
        <td><strong class="captured">${esc(g.captured)}</strong><br><code class="example-line small">${esc(g.exampleLine)}</code></td>
        <td><a class="example-job" href="${esc(jobUrl(g.exampleJobId))}">${esc(g.exampleJobName || `job ${g.exampleJobId}`)}</a>
          <span class="muted small">${time(g.lastSeen, { short: true })}</span>${g.exampleJobUrl ? ` ${external(g.exampleJobUrl, 'GitHub')}` : ''}</td></tr>`).join('')}</tbody></table></div>
      <p class="muted small" id="failure-counts">${esc(counts)}</p>`;
  } catch (error) {
    box.innerHTML = errorState(error, 'the log classifications');
  }
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
