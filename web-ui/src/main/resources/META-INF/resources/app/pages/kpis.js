// Long-range KPIs of a repository, like PyTorch's /kpis: the last 26 weeks (no controls), weekly, each series with
// its 2-week moving average (the bucket and the one before, / 2, as PyTorch's K1 and K7), or for a share its 2-week
// rolling sums (this and the previous week's part over their whole, as PyTorch's K5). The workflow durations per
// commit (K4) are drawn as PyTorch draws them: p50 and p90 per week, no average.

import { gql } from '../api.js';
import { loadECharts } from '../charts.js';
import { duration, errorState, esc, gqlString, metricsUrl, queryLink, setTitle } from '../ui.js';
import { axisOf } from './metrics.js';

const WEEKS = 26;
const DAY = 86400000;

/**
 * The share of two weekly series over two weeks, in %: (part of this week + part of the previous) / (whole of this week
 * + whole of the previous), PyTorch's 2-bucket rolling sums. A week with no whole has no point; a missing previous
 * week adds nothing.
 */
export function rollingShare2(parts, wholes) {
  return wholes.map((whole, i) => {
    if (!whole) return null;
    const part = (parts[i] || 0) + (i > 0 ? parts[i - 1] || 0 : 0);
    const all = whole + (i > 0 ? wholes[i - 1] || 0 : 0);
    return Math.round((part / all) * 1000) / 10;
  });
}

/** The measures of commit_workflow_duration, in the order they are drawn, with their colour. */
const MEASURES = [['wall_clock', 'wall clock', '#57606a'], ['longest_job', 'longest job', '#0969da'],
  ['build_test', 'build + test', '#8250df']];

/** The 2-week moving average of a series with gaps: (this + previous) / 2, or the value alone when one is missing. */
export function movingAverage2(values) {
  return values.map((v, i) => {
    if (v === null || v === undefined) return null;
    const previous = i > 0 ? values[i - 1] : null;
    return previous === null || previous === undefined ? v : (v + previous) / 2;
  });
}

function metric(alias, name, repo, [from, to], extra = '') {
  return `${alias}: metric(name: ${gqlString(name)}, repo: ${gqlString(repo)}, from: ${gqlString(from)}, to: ${gqlString(to)}, granularity: WEEK${extra}) { granularity from to branch points { time value count label measure } }`;
}

export async function render(main, route) {
  const repo = `${route.params.owner}/${route.params.name}`;
  setTitle('KPIs', repo);
  const today = Math.floor(Date.now() / DAY) * DAY;
  const range = [new Date(today + DAY - WEEKS * 7 * DAY).toISOString(), new Date(today + DAY).toISOString()];
  const query = `query Kpis {
  ${metric('broken', 'broken_rate', repo, range)}
  ${metric('flaky', 'flaky_rate', repo, range)}
  ${metric('red', 'red_rate', repo, range)}
  ${metric('reverts', 'reverts', repo, range)}
  ${metric('ttrs50', 'ttrs', repo, range, ', percentile: 50')}
  ${metric('ttrs90', 'ttrs', repo, range, ', percentile: 90')}
  ${metric('duration50', 'commit_workflow_duration', repo, range, ', percentile: 50')}
  ${metric('duration90', 'commit_workflow_duration', repo, range, ', percentile: 90')}
  ${metric('forced', 'force_merges', repo, range)}
  ${metric('disabled', 'new_disabled_tests', repo, range)}
  ${metric('openDisabled', 'open_disabled_tests', repo, range)}
  ${metric('lag', 'time_since_green', repo, range)}
  ${metric('commitTts', 'commit_tts', repo, range)}
}`;
  main.innerHTML = `<article class="metrics kpis">
    <header class="page-head"><h1>KPIs of ${esc(repo)}</h1>
      <p class="muted">The last ${WEEKS} weeks, per ISO week (UTC, from Monday); dashed lines cover two weeks: 2-week moving averages, or for a share this and the previous week's sums.
        Definitions: docs/metrics.md. ${queryLink(query, 'every KPI chart')} <a href="${esc(metricsUrl(repo))}">Metrics</a></p></header>
    <div class="dash">
      ${panel('red', '% of commits red on the default branch (broken, flaky, total)')}
      ${panel('reverts', 'Reverts per week')}
      ${panel('commitTts', 'Time to signal end to end per commit (mean)')}
      ${panel('ttrs', 'Time to red signal, p50 and p90 of the job with the most failures')}
      ${panel('forcedCount', '# of force merges per week')}
      ${panel('forcedShare', '% of force merges (dashed: this and the previous week together)')}
      ${panel('disabled', 'New disabled tests per week')}
      ${panel('openDisabled', 'Open disabled tests at the end of each week')}
      ${panel('lag', 'Time since the branch was last green, at the end of each week')}
    </div>
    <div class="dash" id="workflow-durations"></div></article>`;
  let data;
  try {
    await loadECharts();
    data = await gql(query);
  } catch (error) {
    main.querySelector('.dash').innerHTML = errorState(error, 'the KPIs');
    return;
  }
  const axis = axisOf(data.red);
  const key = (iso) => iso.slice(0, 10);
  const values = (series, label, scale = 1) => {
    const byWeek = new Map(series.points.filter((p) => label === undefined || p.label === label).map((p) => [key(p.time), p.value * scale]));
    return axis.map((w) => (byWeek.has(w) ? Math.round(byWeek.get(w) * 10) / 10 : null));
  };
  const withAverage = (name, vals, color) => [
    { name, type: 'line', color, connectNulls: true, data: vals },
    { id: `avg:${name}`, name: `${name} (2-week avg)`, type: 'line', color, lineStyle: { type: 'dashed' }, connectNulls: true,
      data: movingAverage2(vals).map((v) => (v === null ? null : Math.round(v * 10) / 10)) },
  ];
  draw('red', axis, [...withAverage('broken', values(data.broken, undefined, 100), '#cf222e'),
    ...withAverage('flaky', values(data.flaky, undefined, 100), '#9a6700'),
    ...withAverage('total', values(data.red, undefined, 100), '#57606a')], '%');
  draw('reverts', axis, withAverage('reverts', values(data.reverts), '#cf222e'), '');
  // ttrs is kept per job, and percentiles of different jobs cannot be combined: the chart shows the job with the
  // most samples, by name.
  const topJob = topKey(data.ttrs50.points);
  draw('ttrs', axis, topJob ? [...withAverage(`p50 ${topJob}`, values(data.ttrs50, topJob), '#0969da'),
    ...withAverage(`p90 ${topJob}`, values(data.ttrs90, topJob), '#8250df')] : [], 's');
  drawWorkflowDurations(main.querySelector('#workflow-durations'), axis, data.duration50, data.duration90);
  const forced = values(data.forced);
  const merges = axis.map((w) => { const p = data.forced.points.find((q) => key(q.time) === w); return p ? p.count : null; });
  draw('forcedCount', axis, withAverage('force merges', forced, '#cf222e'), '');
  draw('forcedShare', axis, [
    { name: '% forced', type: 'line', color: '#cf222e', connectNulls: true,
      data: merges.map((m, i) => (m ? Math.round((forced[i] / m) * 1000) / 10 : null)) },
    { id: 'avg:forced', name: '% forced (2 weeks)', type: 'line', color: '#cf222e', lineStyle: { type: 'dashed' },
      connectNulls: true, data: rollingShare2(forced, merges) }], '%');
  draw('disabled', axis, withAverage('new disabled tests', values(data.disabled), '#57606a'), '');
  draw('openDisabled', axis, [{ name: 'open disabled tests', type: 'line', color: '#57606a', connectNulls: true,
    data: values(data.openDisabled) }], '');
  draw('commitTts', axis, withAverage('per commit', values(data.commitTts), '#0969da'), 's');
  draw('lag', axis, withAverage('time since green', values(data.lag), '#cf222e'), 's');
}

/**
 * One panel per workflow (the blocking ones, or every one when none is set): p50 (solid) and p90 (dotted) per week of
 * the wall clock, the longest job and build + test of its runs on the default branch.
 */
function drawWorkflowDurations(box, axis, p50, p90) {
  const workflows = [...new Set([...p50.points, ...p90.points].map((p) => p.label))].sort();
  if (!workflows.length) {
    box.innerHTML = panel('duration-none', 'Workflow duration per commit (p50 and p90)');
    draw('duration-none', axis, [], 's');
    return;
  }
  box.innerHTML = workflows.map((w, i) => panel(`duration-${i}`,
    `${w}: workflow duration per commit of ${p50.branch} (p50, p90 dotted)`)).join('');
  workflows.forEach((w, i) => {
    const line = (series, measure) => {
      const byWeek = new Map(series.points.filter((p) => p.label === w && p.measure === measure)
        .map((p) => [p.time.slice(0, 10), p.value]));
      return axis.map((d) => (byWeek.has(d) ? Math.round(byWeek.get(d) * 10) / 10 : null));
    };
    document.getElementById(`duration-${i}-chart`).dataset.workflow = w;
    draw(`duration-${i}`, axis, MEASURES.flatMap(([measure, name, color]) => [
      { name: `${name} p50`, type: 'line', color, connectNulls: true, data: line(p50, measure) },
      { name: `${name} p90`, type: 'line', color, lineStyle: { type: 'dotted' }, connectNulls: true, data: line(p90, measure) },
    ]), 's');
  });
}

function topKey(points) {
  const counts = new Map();
  points.forEach((p) => counts.set(p.label, (counts.get(p.label) || 0) + p.count));
  return [...counts.keys()].sort((a, b) => counts.get(b) - counts.get(a) || a.localeCompare(b))[0] || null;
}

function panel(id, title) {
  return `<section class="panel" aria-labelledby="${id}-h"><div class="panel-head"><h2 id="${id}-h">${esc(title)}</h2></div>
    <div class="chart" id="${id}-chart" role="img" aria-label="${esc(title)}"></div></section>`;
}

function draw(id, axis, series, unit) {
  const element = document.getElementById(`${id}-chart`);
  // Averages and rolling shares repeat the weeks they are computed from: only the series drawn from the data count.
  const points = series.filter((s) => !String(s.id || '').startsWith('avg:'))
    .reduce((n, s) => n + s.data.filter((v) => v !== null).length, 0);
  element.dataset.points = String(points);
  element.dataset.series = String(series.length);
  if (!points) {
    element.innerHTML = '<p class="state empty" role="status">No data in the last 26 weeks.</p>';
    return;
  }
  const format = unit === 's' ? (v) => duration(v) : unit === '%' ? (v) => `${v} %` : (v) => String(v);
  window.echarts.init(element, null, { renderer: 'canvas' }).setOption({ animation: false,
    grid: { left: 64, right: 16, top: 48, bottom: 40 }, legend: { type: 'scroll', top: 0 },
    tooltip: { trigger: 'axis', valueFormatter: format }, xAxis: { type: 'category', data: axis },
    yAxis: { type: 'value', axisLabel: { formatter: format } }, series });
}
