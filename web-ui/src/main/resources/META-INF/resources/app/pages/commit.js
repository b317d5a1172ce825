// One commit: what it is, its failed jobs (with their failed tests) first, every job by workflow, and a timeline.

import { gql } from '../api.js';
import {
  STATUS, badge, duration, emptyState, errorState, esc, external, githubCommitUrl, hudUrl, jobUrl, loading,
  prUrl, setTitle, shortSha, statusCounts, testBadge, testLabel, testUrl, time,
} from '../ui.js';

const QUERY = `query CommitPage($repo: String!, $sha: String!) {
  commit(repo: $repo, sha: $sha) {
    sha title message authorName authorLogin time prNumber htmlUrl
    mergedJobs { name status jobId attempts }
    jobs {
      id name workflowName displayName runAttempt status conclusion hudStatus labels
      createdAt startedAt completedAt queueSeconds durationSeconds htmlUrl
      testSummary { tests passed failed errors skipped flaky }
      failedTests(first: 50) { status message test { file classname name } }
    }
  }
}`;

const FAILED = new Set(['FAILURE', 'TIMED_OUT']);

export async function render(main, route) {
  const repo = `${route.params.owner}/${route.params.name}`;
  const sha = route.params.sha;
  setTitle(`Commit ${shortSha(sha)}`, repo);
  loading(main, 'the commit');
  let commit;
  try {
    commit = (await gql(QUERY, { repo, sha })).commit;
  } catch (error) {
    main.innerHTML = errorState(error, `commit ${sha}`);
    return;
  }
  if (!commit) {
    main.innerHTML = emptyState(`No commit ${sha} in ${repo}`,
      `Greenboard knows a commit once a push webhook, a workflow run or a test report names it. Check the sha, or look
       for it in <a href="${esc(hudUrl(repo, null, null))}">the HUD</a>.`);
    return;
  }
  setTitle(commit.title || `Commit ${shortSha(commit.sha)}`, repo);
  const jobs = commit.jobs.map((j) => ({ ...j, hud: j.hudStatus }));
  const merged = commit.mergedJobs;
  const failedJobs = jobs.filter((j) => FAILED.has(j.hud))
    .sort((a, b) => (b.completedAt || '').localeCompare(a.completedAt || ''));
  const body = (commit.message || '').split('\n').slice(1).join('\n').trim();

  main.innerHTML = `<article class="commit">
    <header class="page-head">
      <p class="crumbs"><a href="${esc(hudUrl(repo, null, null))}">${esc(repo)}</a> › commit</p>
      <h1>${esc(commit.title || shortSha(commit.sha))}</h1>
      <dl class="facts">
        <dt>Commit</dt><dd><code>${esc(commit.sha)}</code> · ${external(commit.htmlUrl || githubCommitUrl(repo, commit.sha), 'GitHub')}</dd>
        <dt>Author</dt><dd>${esc(commit.authorLogin || commit.authorName || '–')}</dd>
        <dt>Time</dt><dd>${time(commit.time)}</dd>
        ${commit.prNumber ? `<dt>Pull request</dt><dd><a href="${esc(prUrl(repo, commit.prNumber))}">#${esc(commit.prNumber)}</a></dd>` : ''}
        <dt>Jobs</dt><dd class="job-counts">${merged.length} job${merged.length === 1 ? '' : 's'}${jobs.length !== merged.length ? ` (${jobs.length} runs with reruns)` : ''}: ${statusCounts(merged.map((m) => m.status))}</dd>
      </dl>
      ${body ? `<details class="message"><summary>Commit message</summary><pre>${esc(body)}</pre></details>` : ''}
    </header>
    ${jobs.length ? '' : emptyState('No jobs on this commit yet', 'Jobs appear when GitHub sends <code>workflow_job</code> webhooks for this sha.')}
    ${failedJobs.length ? failedSection(repo, failedJobs) : ''}
    ${jobs.length ? workflowsSection(jobs) : ''}
    ${jobs.length ? timelineSection(jobs) : ''}
  </article>`;
}

function failedSection(repo, failedJobs) {
  return `<section class="failed" aria-labelledby="failed-h">
    <h2 id="failed-h">Failed jobs (${failedJobs.length})</h2>
    ${failedJobs.map((job) => `<article class="failed-job">
      <h3>${badge(job.hud)} <a href="${esc(jobUrl(job.id))}">${esc(job.displayName)}</a>
        <span class="muted">attempt ${job.runAttempt} · ran ${esc(duration(job.durationSeconds))}</span></h3>
      ${job.failedTests.length ? `<ul class="failed-tests">${job.failedTests.map((t) => `<li>
          ${testBadge(t.status)} <a href="${esc(testUrl(repo, t.test))}">${esc(testLabel(t.test))}</a>
          ${t.message ? `<pre class="msg">${esc(t.message)}</pre>` : ''}</li>`).join('')}
        ${job.testSummary.failed + job.testSummary.errors > job.failedTests.length
    ? `<li class="muted">… and ${job.testSummary.failed + job.testSummary.errors - job.failedTests.length} more on <a href="${esc(jobUrl(job.id))}">the job page</a></li>` : ''}</ul>`
    : `<p class="muted">${job.testSummary.tests ? `No failed test among ${job.testSummary.tests} reported: the job failed outside its tests.` : 'No test report was uploaded for this job.'}</p>`}
    </article>`).join('')}
  </section>`;
}

function workflowsSection(jobs) {
  const byWorkflow = new Map();
  for (const job of jobs) {
    const key = job.workflowName || '(no workflow)';
    if (!byWorkflow.has(key)) byWorkflow.set(key, []);
    byWorkflow.get(key).push(job);
  }
  return `<section aria-labelledby="wf-h"><h2 id="wf-h">Jobs by workflow</h2>
    ${[...byWorkflow.entries()].map(([workflow, list]) => `<section class="workflow">
      <h3>${esc(workflow)} <span class="muted">${statusCounts(list.map((j) => j.hud))}</span></h3>
      <div class="table-wrap"><table class="data jobs-table">
        <thead><tr><th scope="col">Job</th><th scope="col">Attempt</th><th scope="col">Status</th>
          <th scope="col">Queued</th><th scope="col">Ran</th><th scope="col">Tests</th></tr></thead>
        <tbody>${list.map((job) => `<tr class="job-row" data-job="${esc(job.id)}">
          <th scope="row"><a href="${esc(jobUrl(job.id))}">${esc(job.name)}</a></th>
          <td class="num">${job.runAttempt}</td>
          <td>${badge(job.hud)}</td>
          <td class="num">${esc(duration(job.queueSeconds))}</td>
          <td class="num">${esc(duration(job.durationSeconds))}</td>
          <td class="num">${job.testSummary.tests ? `${job.testSummary.passed} passed${job.testSummary.failed + job.testSummary.errors ? `, <strong>${job.testSummary.failed + job.testSummary.errors} failed</strong>` : ''} of ${job.testSummary.tests}` : '–'}</td>
        </tr>`).join('')}</tbody>
      </table></div>
    </section>`).join('')}
  </section>`;
}

/** Bars from createdAt (queued, hatched) through startedAt to completedAt (or now, while running). */
function timelineSection(jobs) {
  const now = Date.now();
  const ms = (iso) => (iso ? Date.parse(iso) : null);
  const timed = jobs.filter((j) => j.createdAt || j.startedAt);
  if (!timed.length) return '';
  const start = Math.min(...timed.map((j) => ms(j.createdAt) ?? ms(j.startedAt)));
  const end = Math.max(...timed.map((j) => ms(j.completedAt) ?? (j.hud === 'QUEUED' || j.hud === 'RUNNING' ? now : (ms(j.startedAt) ?? ms(j.createdAt)))));
  const span = Math.max(1, end - start);
  const pct = (t) => ((t - start) / span) * 100;
  const sorted = [...timed].sort((a, b) => (a.createdAt || a.startedAt).localeCompare(b.createdAt || b.startedAt));
  const ticks = [0, 0.25, 0.5, 0.75, 1].map((f) => `<span class="tick" style="left:${f * 100}%">+${esc(duration((span * f) / 1000))}</span>`).join('');
  return `<section aria-labelledby="tl-h"><h2 id="tl-h">Timeline</h2>
    <p class="muted">From the first job created (${time(new Date(start).toISOString())}) over ${esc(duration(span / 1000))}.
      Hatched: waiting for a runner; solid: running.</p>
    <div class="timeline" role="list">
      <div class="tl-axis" aria-hidden="true">${ticks}</div>
      ${sorted.map((job) => {
    const created = ms(job.createdAt) ?? ms(job.startedAt);
    const started = ms(job.startedAt);
    const finished = ms(job.completedAt) ?? (started ? now : null);
    const queueEnd = started ?? (job.hud === 'QUEUED' ? now : created);
    const queueBar = queueEnd > created ? `<span class="bar queue" style="left:${pct(created)}%;width:${pct(queueEnd) - pct(created)}%"></span>` : '';
    const runBar = started && finished ? `<span class="bar run s-${job.hud}" style="left:${pct(started)}%;width:${Math.max(0.3, pct(finished) - pct(started))}%"></span>` : '';
    const label = `${job.displayName}${job.runAttempt > 1 ? ` (attempt ${job.runAttempt})` : ''}`;
    return `<div class="tl-row" role="listitem">
          <a class="tl-label" href="${esc(jobUrl(job.id))}" title="${esc(label)}">${esc(label)}</a>
          <span class="tl-track" title="${esc(`${label}: ${STATUS[job.hud].label}, queued ${duration(job.queueSeconds)}, ran ${duration(job.durationSeconds)}`)}">${queueBar}${runBar}</span>
          <span class="sr">${esc(STATUS[job.hud].label)}, queued ${esc(duration(job.queueSeconds))}, ran ${esc(duration(job.durationSeconds))}</span>
        </div>`;
  }).join('')}
    </div>
  </section>`;
}
