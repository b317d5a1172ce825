// The time-to-signal page of chosen jobs, like PyTorch's /tts: per job, its time to signal and its duration over
// time at a percentile per bucket. /tts/<owner>/<name>?job=<workflow / job>&job=...&range=..&granularity=..&percentile=..
// Jobs to choose from are those with a time to signal in the range. Granularity as on /metrics: auto is hour below 14
// days, day from 14, week from 90; hours only where the rollup keeps them (hourlyTimesSince), else days, said so.

import { gql } from '../api.js';
import { loadECharts } from '../charts.js';
import { duration, errorState, esc, gqlString, metricsUrl, queryLink, setTitle } from '../ui.js';
import { GRANULARITIES, RANGES, axisOf, bucketKey, granularities, hourlyTimesSince } from './metrics.js';

const STATISTICS = { avg: null, p50: 50, p90: 90, p95: 95, p99: 99, max: 100 };
const DAY = 86400000;

export function readState(query) {
  const state = { range: query.get('range') || '7', percentile: query.get('percentile') || 'p50',
    granularity: query.get('granularity') || 'auto', jobs: query.getAll('job').filter((j) => j) };
  if (!RANGES.includes(Number(state.range))) state.range = '7';
  if (!GRANULARITIES.includes(state.granularity)) state.granularity = 'auto';
  if (!(state.percentile in STATISTICS)) state.percentile = 'p50';
  return state;
}

function span(range) {
  const today = Math.floor(Date.now() / DAY) * DAY;
  return [new Date(today + DAY - Number(range) * DAY).toISOString(), new Date(today + DAY).toISOString()];
}

function series(alias, name, repo, [from, to], granularity, pct, job) {
  const args = [`name: ${gqlString(name)}`, `repo: ${gqlString(repo)}`, `from: ${gqlString(from)}`, `to: ${gqlString(to)}`,
    `granularity: ${granularity.toUpperCase()}`];
  if (pct) args.push(`percentile: ${pct}`);
  if (job) args.push(`job: ${gqlString(job)}`);
  return `${alias}: metric(${args.join(', ')}) { granularity from to points { time value count label } }`;
}

export async function render(main, route) {
  const repo = `${route.params.owner}/${route.params.name}`;
  const state = readState(route.query);
  setTitle('Time to signal', repo);
  const pct = STATISTICS[state.percentile];
  const range = span(state.range);
  const days = Number(state.range);
  const wanted = granularities(state, days).commit;
  // Hours of times are kept for a recent horizon only: a range that starts before it is drawn per day.
  const since = wanted === 'hour' ? await hourlyTimesSince() : null;
  const grain = granularities(state, days, range[0], since).time;
  const jobsQuery = `query TtsJobs {\n  ${series('jobs', 'tts', repo, range, 'day', null, null)}\n}`;
  const chosen = state.jobs;
  const chartQuery = `query TimeToSignal {\n  ${chosen.flatMap((job, i) => [series(`tts${i}`, 'tts', repo, range, grain, pct, job),
    series(`duration${i}`, 'job_duration', repo, range, grain, pct, job)]).join('\n  ')}\n}`;
  main.innerHTML = `<article class="metrics tts">
    <header class="page-head">
      <h1>Time to signal of jobs of ${esc(repo)}</h1>
      <form class="controls" id="tts-form" method="get" action="${esc(location.pathname)}">
        <label>Time range <select name="range">${RANGES.map((r) => `<option value="${r}"${String(r) === state.range ? ' selected' : ''}>last ${r} day${r === 1 ? '' : 's'}</option>`).join('')}</select></label>
        <label>Granularity <select name="granularity" id="granularity">${GRANULARITIES.map((g) => `<option value="${g}"${g === state.granularity ? ' selected' : ''}>${g === 'auto' ? `auto (${wanted})` : g}</option>`).join('')}</select></label>
        <label>Percentile <select name="percentile">${Object.keys(STATISTICS).map((p) => `<option${p === state.percentile ? ' selected' : ''}>${p}</option>`).join('')}</select></label>
        <fieldset class="job-choice"><legend>Jobs</legend><div id="job-list"><p class="loading" role="status">Loading…</p></div></fieldset>
        <button type="submit">Show</button>
      </form>
      <p class="muted">Time to signal: a job's completion − its run's creation (successful first attempts of push runs);
        duration: completion − start. ${esc(state.percentile === 'avg' ? 'Mean' : state.percentile)} per UTC <span id="tts-grain">${esc(grain)}</span>${grain === wanted ? '' : esc(since
    ? ` (times are kept per hour since ${since.slice(0, 10)}: this range is drawn per day)`
    : ' (hours could not be read: drawn per day)')}.
        <a href="${esc(metricsUrl(repo))}">All metrics</a></p>
    </header>
    <div class="dash">
      <section class="panel" aria-labelledby="tts-h"><div class="panel-head"><h2 id="tts-h">Time to signal</h2>${chosen.length ? queryLink(chartQuery, 'the charts') : ''}</div>
        <div class="chart" id="tts-chart" role="img" aria-label="Time to signal of the chosen jobs"></div></section>
      <section class="panel" aria-labelledby="duration-h"><div class="panel-head"><h2 id="duration-h">Duration</h2></div>
        <div class="chart" id="duration-chart" role="img" aria-label="Duration of the chosen jobs"></div></section>
    </div>
  </article>`;
  const form = main.querySelector('#tts-form');
  form.addEventListener('change', (event) => { if (event.target.name !== 'job') form.requestSubmit(); });
  form.addEventListener('submit', (event) => {
    event.preventDefault();
    const params = new URLSearchParams();
    [...form.querySelectorAll('input[name=job]:checked')].forEach((box) => params.append('job', box.value));
    params.set('range', form.range.value);
    if (form.granularity.value !== 'auto') params.set('granularity', form.granularity.value);
    params.set('percentile', form.percentile.value);
    location.assign(`${location.pathname}?${params}`);
  });

  const list = main.querySelector('#job-list');
  try {
    const { jobs } = await gql(jobsQuery);
    const names = [...new Set([...jobs.points.map((p) => p.label), ...chosen])].sort();
    list.innerHTML = names.length
      ? names.map((name) => `<label class="check"><input type="checkbox" name="job" value="${esc(name)}"${chosen.includes(name) ? ' checked' : ''}> ${esc(name)}</label>`).join('')
      : '<p class="muted">No job has a time to signal in this range.</p>';
  } catch (error) {
    list.innerHTML = errorState(error, 'the jobs');
  }
  const charts = ['tts', 'duration'].map((id) => document.getElementById(`${id}-chart`));
  if (!chosen.length) {
    charts.forEach((el) => { el.innerHTML = '<p class="state empty" role="status">Choose one or more jobs above.</p>'; el.dataset.series = '0'; });
    return;
  }
  try {
    await loadECharts();
    const data = await gql(chartQuery);
    ['tts', 'duration'].forEach((kind, k) => {
      const all = chosen.map((job, i) => ({ job, s: data[`${kind}${i}`] }));
      const axis = axisOf(all[0].s);
      const lines = all.map(({ job, s }) => {
        const byBucket = new Map(s.points.map((p) => [bucketKey(p.time, s.granularity), p.value]));
        return { name: job, type: 'line', connectNulls: true, symbolSize: 6, data: axis.map((d) => (byBucket.has(d) ? Math.round(byBucket.get(d) * 10) / 10 : null)) };
      });
      const element = charts[k];
      element.innerHTML = '';
      window.echarts.init(element, null, { renderer: 'canvas' }).setOption({ animation: false,
        grid: { left: 64, right: 16, top: 40, bottom: 40 }, legend: { type: 'scroll', top: 0 },
        tooltip: { trigger: 'axis', valueFormatter: (v) => duration(v) }, xAxis: { type: 'category', data: axis },
        yAxis: { type: 'value', axisLabel: { formatter: (v) => duration(v) } }, series: lines });
      element.dataset.series = String(lines.length);
      element.dataset.granularity = all[0].s.granularity;
      element.dataset.points = String(all.reduce((n, { s }) => n + s.points.length, 0));
    });
  } catch (error) {
    charts.forEach((el) => { el.innerHTML = errorState(error, 'the charts'); });
  }
}
