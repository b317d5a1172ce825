// One job execution: everything job(id) knows, its steps, its test reports and its failed tests.

import { gql } from '../api.js';
import { rememberRepo } from '../main.js';
import {
  badge, commitUrl, duration, emptyState, errorState, esc, external, hudUrl, loading, setTitle, shortSha,
  testBadge, testLabel, testUrl, time,
} from '../ui.js';

const QUERY = `query JobPage($id: ID!) {
  job(id: $id) {
    id name workflowName displayName repository headSha headBranch runId runAttempt status conclusion hudStatus labels
    runnerName
    createdAt startedAt completedAt queueSeconds durationSeconds htmlUrl
    steps { number name status conclusion hudStatus startedAt completedAt }
    testSummary { reports tests passed failed errors skipped flaky }
    testReports { id format tests passed failed errors skipped flaky receivedAt labels { key value } }
    failedTests(first: 200) { status message failureText durationSeconds test { file classname name } }
  }
}`;

export async function render(main, route) {
  const id = route.params.id;
  setTitle(`Job ${id}`);
  loading(main, `job ${id}`);
  let job;
  try {
    job = (await gql(QUERY, { id })).job;
  } catch (error) {
    main.innerHTML = errorState(error, `job ${id}`);
    return;
  }
  if (!job) {
    main.innerHTML = emptyState(`No job ${id}`,
      'A job is known once a <code>workflow_job</code> webhook names it. The id is GitHub\'s job id, as in the job\'s URL'
      + ' on GitHub (…/job/&lt;id&gt;).');
    return;
  }
  const repo = job.repository;
  if (repo) rememberRepo(repo, 'job');
  setTitle(job.displayName, repo);
  const hud = job.hudStatus;
  const summary = job.testSummary;

  main.innerHTML = `<article class="job">
    <header class="page-head">
      <p class="crumbs">${repo ? `<a href="${esc(hudUrl(repo, job.headBranch, null))}">${esc(repo)}</a> › ` : ''}${repo
    ? `<a href="${esc(commitUrl(repo, job.headSha))}">commit ${esc(shortSha(job.headSha))}</a> › ` : ''}job</p>
      <h1>${esc(job.displayName)} ${badge(hud, `${job.status}${job.conclusion ? ` · ${job.conclusion}` : ''}`)}</h1>
      <dl class="facts">
        <dt>Workflow</dt><dd>${esc(job.workflowName || '–')}</dd>
        <dt>Job</dt><dd>${esc(job.name)}</dd>
        <dt>Commit</dt><dd>${repo ? `<a href="${esc(commitUrl(repo, job.headSha))}"><code>${esc(shortSha(job.headSha))}</code></a>` : `<code>${esc(shortSha(job.headSha))}</code>`}${job.headBranch ? ` on <code>${esc(job.headBranch)}</code>` : ''}</dd>
        <dt>Run</dt><dd>${esc(job.runId ?? '–')}, attempt ${esc(job.runAttempt)}</dd>
        <dt>Runner</dt><dd>${esc(job.runnerName || '–')}${job.labels && job.labels.length ? ` · labels ${job.labels.map((l) => `<code>${esc(l)}</code>`).join(' ')}` : ''}</dd>
        <dt>Created</dt><dd>${time(job.createdAt)}</dd>
        <dt>Started</dt><dd>${time(job.startedAt)}</dd>
        <dt>Completed</dt><dd>${time(job.completedAt)}</dd>
        <dt>Queued for</dt><dd class="queue">${esc(duration(job.queueSeconds))}</dd>
        <dt>Ran for</dt><dd class="duration">${esc(duration(job.durationSeconds))}</dd>
        ${job.htmlUrl ? `<dt>GitHub</dt><dd>${external(job.htmlUrl, 'job log')}</dd>` : ''}
      </dl>
    </header>
    <section aria-labelledby="tests-h">
      <h2 id="tests-h">Tests</h2>
      ${summary.reports ? `<p class="test-summary">${summary.tests} tests in ${summary.reports} report${summary.reports === 1 ? '' : 's'}:
        ${summary.passed} passed, ${summary.failed} failed, ${summary.errors} errors, ${summary.skipped} skipped, ${summary.flaky} flaky.</p>`
    : '<p class="muted">No test report was uploaded for this job. Reports are sent to <code>POST /api/v1/test-reports</code> with <code>job_id</code>; see <a href="/help">how to send data</a>.</p>'}
      ${job.failedTests.length ? `<h3>Failed tests (${job.failedTests.length})</h3>
        <ul class="failed-tests">${job.failedTests.map((t) => `<li>
          ${testBadge(t.status)} ${repo ? `<a class="test-link" href="${esc(testUrl(repo, t.test))}">${esc(testLabel(t.test))}</a>` : esc(testLabel(t.test))}
          <span class="muted">${esc(duration(t.durationSeconds))}</span>
          ${t.message ? `<pre class="msg">${esc(t.message)}</pre>` : ''}
          ${t.failureText ? `<details><summary>Failure output</summary><pre class="msg">${esc(t.failureText)}</pre></details>` : ''}
        </li>`).join('')}</ul>` : ''}
      ${job.testReports.length ? `<h3>Reports</h3><div class="table-wrap"><table class="data">
        <thead><tr><th scope="col">Report</th><th scope="col">Format</th><th scope="col">Tests</th><th scope="col">Passed</th>
          <th scope="col">Failed</th><th scope="col">Errors</th><th scope="col">Skipped</th><th scope="col">Flaky</th>
          <th scope="col">Labels</th><th scope="col">Received</th></tr></thead>
        <tbody>${job.testReports.map((r) => `<tr><th scope="row">${esc(r.id)}</th><td>${esc(r.format || '–')}</td>
          <td class="num">${r.tests}</td><td class="num">${r.passed}</td><td class="num">${r.failed}</td><td class="num">${r.errors}</td>
          <td class="num">${r.skipped}</td><td class="num">${r.flaky}</td>
          <td>${r.labels.map((l) => `<code>${esc(l.key)}=${esc(l.value)}</code>`).join(' ')}</td><td>${time(r.receivedAt)}</td></tr>`).join('')}
        </tbody></table></div>` : ''}
    </section>
    <section aria-labelledby="steps-h">
      <h2 id="steps-h">Steps</h2>
      ${job.steps.length ? `<div class="table-wrap"><table class="data">
        <thead><tr><th scope="col">#</th><th scope="col">Step</th><th scope="col">Status</th><th scope="col">Took</th></tr></thead>
        <tbody>${job.steps.map((s) => `<tr><td class="num">${s.number}</td><th scope="row">${esc(s.name)}</th>
          <td>${badge(s.hudStatus, `${s.status}${s.conclusion ? ` · ${s.conclusion}` : ''}`)}</td>
          <td class="num">${esc(duration(s.startedAt && s.completedAt ? (Date.parse(s.completedAt) - Date.parse(s.startedAt)) / 1000 : null))}</td></tr>`).join('')}
        </tbody></table></div>` : '<p class="muted">GitHub reported no steps for this job.</p>'}
    </section>
  </article>`;
}
