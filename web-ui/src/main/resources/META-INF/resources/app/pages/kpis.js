// Long-range KPIs of a repository, like PyTorch's /kpis: the last 26 weeks (no controls), weekly, each series with
// its 2-week moving average (the bucket and the one before, / 2, as PyTorch's K1 and K7).

import { gql } from '../api.js';
import { loadECharts } from '../charts.js';
import { duration, errorState, esc, gqlString, metricsUrl, queryLink, setTitle } from '../ui.js';
import { axisOf } from './metrics.js';

const WEEKS = 26;
const DAY = 86400000;

/** The 2-week moving average of a series with gaps: (this + previous) / 2, or the value alone when one is missing. */
export function movingAverage2(values) {
  return values.map((v, i) => {
    if (v === null || v === undefined) return null;
    const previous = i > 0 ? values[i - 1] : null;
    return previous === null || previous === undefined ? v : (v + previous) / 2;
  });
}

function metric(alias, name, repo, [from, to], extra = '') {
  return `${alias}: metric(name: ${gqlString(name)}, repo: ${gqlString(repo)}, from: ${gqlString(from)}, to: ${gqlString(to)}, granularity: WEEK${extra}) { granularity from to points { time value count label } }`;
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
  ${metric('workflows', 'workflow_duration', repo, range, ', percentile: 50')}
  ${metric('disabled', 'new_disabled_tests', repo, range)}
  ${metric('lag', 'time_since_green', repo, range)}
  ${metric('commitTts', 'commit_tts', repo, range)}
}`;
  main.innerHTML = `<article class="metrics kpis">
    <header class="page-head"><h1>KPIs of ${esc(repo)}</h1>
      <p class="muted">The last ${WEEKS} weeks, per ISO week (UTC, from Monday); dashed lines are 2-week moving averages.
        Definitions: docs/metrics.md. ${queryLink(query, 'every KPI chart')} <a href="${esc(metricsUrl(repo))}">Metrics</a></p></header>
    <div class="dash">
      ${panel('red', '% of commits red on the default branch (broken, flaky, total)')}
      ${panel('reverts', 'Reverts per week')}
      ${panel('commitTts', 'Time to signal end to end per commit (mean)')}
      ${panel('ttrs', 'Time to red signal, p50 and p90 of the job with the most failures')}
      ${panel('workflows', 'Workflow duration (p50 of successful first attempts), per workflow')}
      ${panel('disabled', 'New disabled tests per week')}
      ${panel('lag', 'Time since the branch was last green, at the end of each week')}
    </div></article>`;
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
    { name: `${name} (2-week avg)`, type: 'line', color, lineStyle: { type: 'dashed' }, connectNulls: true,
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
  const workflows = [...new Set(data.workflows.points.map((p) => p.label))].sort();
  draw('workflows', axis, workflows.flatMap((w) => withAverage(w, values(data.workflows, w))), 's');
  draw('disabled', axis, withAverage('new disabled tests', values(data.disabled), '#57606a'), '');
  draw('commitTts', axis, withAverage('per commit', values(data.commitTts), '#0969da'), 's');
  draw('lag', axis, withAverage('time since green', values(data.lag), '#cf222e'), 's');
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
  const points = series.filter((s, i) => i % 2 === 0).reduce((n, s) => n + s.data.filter((v) => v !== null).length, 0);
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
