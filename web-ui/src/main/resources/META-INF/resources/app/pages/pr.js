// A pull request: every head it has had (force-pushed ones included), newest first, each with its jobs' status.

import { gql } from '../api.js';
import {
  STATUS, badge, commitUrl, emptyState, errorState, esc, external, githubCommitUrl, githubPrUrl, hudUrl, jobUrl,
  loading, setTitle, shortSha, statusCounts, time,
} from '../ui.js';

const QUERY = `query PullRequestPage($repo: String!, $number: Int!) {
  pullRequest(repo: $repo, number: $number) {
    number title state merged draft author headSha headRef baseRef createdAt updatedAt mergedAt closedAt htmlUrl
    commits { sha title time authorLogin authorName
      mergedJobs { name status jobId attempts } }
  }
}`;

export async function render(main, route) {
  const repo = `${route.params.owner}/${route.params.name}`;
  const number = Number(route.params.number);
  setTitle(`PR #${number}`, repo);
  loading(main, `pull request #${number}`);
  let pr;
  try {
    pr = (await gql(QUERY, { repo, number })).pullRequest;
  } catch (error) {
    main.innerHTML = errorState(error, `pull request #${number}`);
    return;
  }
  if (!pr) {
    main.innerHTML = emptyState(`No pull request #${number} in ${repo}`,
      'Greenboard learns pull requests from <code>pull_request</code> webhooks: check that the repository\'s webhook'
      + ' sends the "Pull requests" event, or open the PR on GitHub.');
    return;
  }
  setTitle(`#${pr.number} ${pr.title || ''}`, repo);
  const state = pr.merged ? 'merged' : pr.draft ? `${pr.state}, draft` : pr.state;
  const commits = [...pr.commits].reverse().map((c) => ({ ...c, cells: c.mergedJobs }));
  const head = commits.find((c) => c.sha === pr.headSha) || commits[0];

  main.innerHTML = `<article class="pr">
    <header class="page-head">
      <p class="crumbs"><a href="${esc(hudUrl(repo, null, null))}">${esc(repo)}</a> › pull request</p>
      <h1>#${esc(pr.number)} ${esc(pr.title || '')}</h1>
      <dl class="facts">
        <dt>State</dt><dd>${esc(state)}</dd>
        <dt>Author</dt><dd>${esc(pr.author || '–')}</dd>
        <dt>Branches</dt><dd><code>${esc(pr.headRef || '?')}</code> → <code>${esc(pr.baseRef || '?')}</code></dd>
        <dt>Opened</dt><dd>${time(pr.createdAt)}</dd>
        ${pr.mergedAt ? `<dt>Merged</dt><dd>${time(pr.mergedAt)}</dd>` : ''}
        <dt>Head</dt><dd>${head ? `<a href="${esc(commitUrl(repo, head.sha))}"><code>${esc(shortSha(head.sha))}</code></a>: ${statusCounts(head.cells.map((c) => c.status))}` : '–'}</dd>
        <dt>GitHub</dt><dd>${external(pr.htmlUrl || githubPrUrl(repo, pr.number), `PR #${pr.number}`)}</dd>
      </dl>
    </header>
    <section aria-labelledby="commits-h">
      <h2 id="commits-h">Commits (${commits.length}), newest first</h2>
      ${commits.length ? `<div class="table-wrap"><table class="data pr-commits">
        <thead><tr><th scope="col">Time</th><th scope="col">Commit</th><th scope="col">Title</th>
          <th scope="col">Jobs</th><th scope="col">Job status</th></tr></thead>
        <tbody>${commits.map((c) => `<tr data-sha="${esc(c.sha)}">
          <td>${time(c.time, { short: true })}</td>
          <th scope="row"><a class="mono" href="${esc(githubCommitUrl(repo, c.sha))}" rel="noopener noreferrer">${esc(shortSha(c.sha))}</a>${c.sha === pr.headSha ? ' <span class="tag">head</span>' : ''}</th>
          <td><a href="${esc(commitUrl(repo, c.sha))}">${esc(c.title || shortSha(c.sha))}</a></td>
          <td class="counts">${c.cells.length ? statusCounts(c.cells.map((x) => x.status)) : '<span class="muted">no jobs</span>'}</td>
          <td><span class="strip">${c.cells.map((x) => `<a class="sq s-${x.status}" href="${esc(jobUrl(x.jobId))}" title="${esc(`${x.name}: ${STATUS[x.status].label}`)}"><span aria-hidden="true">${STATUS[x.status].glyph}</span><span class="sr">${esc(`${x.name}: ${STATUS[x.status].label}`)}</span></a>`).join('')}</span></td>
        </tr>`).join('')}</tbody></table></div>`
    : emptyState('No commits seen for this PR', 'Heads are recorded from <code>pull_request</code> webhooks (opened, synchronize).')}
    </section>
    ${head && head.cells.some((c) => c.status === 'FAILURE' || c.status === 'TIMED_OUT') ? `<section aria-labelledby="head-failed-h">
      <h2 id="head-failed-h">Failing on the head commit</h2>
      <ul class="plain">${head.cells.filter((c) => c.status === 'FAILURE' || c.status === 'TIMED_OUT')
    .map((c) => `<li>${badge(c.status)} <a href="${esc(jobUrl(c.jobId))}">${esc(c.name)}</a></li>`).join('')}</ul>
    </section>` : ''}
  </article>`;
}
