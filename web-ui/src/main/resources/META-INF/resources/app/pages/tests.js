// Test search: test identities of a repository whose file, class or name contains the query.

import { gql } from '../api.js';
import { emptyState, errorState, esc, setTitle, testUrl, testsUrl } from '../ui.js';

const QUERY = `query TestSearch($repo: String!, $search: String, $after: String) {
  tests(repo: $repo, search: $search, first: 50, after: $after) {
    edges { node { file classname name } }
    pageInfo { hasNextPage endCursor }
  }
}`;

export async function render(main, route) {
  const repo = `${route.params.owner}/${route.params.name}`;
  const q = route.query.get('q') || '';
  const after = route.query.get('after');
  setTitle(q ? `Tests matching "${q}"` : 'Tests', repo);
  main.innerHTML = `<section class="tests">
    <header class="page-head"><h1>Tests <span class="sub">${esc(repo)}</span></h1></header>
    <form class="controls" role="search" action="${esc(testsUrl(repo))}" method="get">
      <label class="grow">File, class or test name contains
        <input type="search" name="q" id="tests-q" value="${esc(q)}" placeholder="e.g. test_ops or TestNN" autocomplete="off" spellcheck="false"></label>
      <button type="submit">Search</button>
    </form>
    <div id="tests-results"><p class="loading" role="status">Searching…</p></div>
  </section>`;
  const results = main.querySelector('#tests-results');
  let page;
  try {
    page = (await gql(QUERY, { repo, search: q || null, after })).tests;
  } catch (error) {
    results.innerHTML = errorState(error, 'tests');
    return;
  }
  const tests = page.edges.map((e) => e.node);
  if (!tests.length) {
    results.innerHTML = q
      ? emptyState(`No test of ${repo} matches "${q}"`, 'Try a shorter part of the file, class or test name.')
      : emptyState(`No tests for ${repo} yet`, 'Tests appear once a report for this repository is uploaded.');
    return;
  }
  const more = new URLSearchParams();
  if (q) more.set('q', q);
  more.set('after', page.pageInfo.endCursor || '');
  results.innerHTML = `<p class="muted">${tests.length}${page.pageInfo.hasNextPage ? '+' : ''} test${tests.length === 1 ? '' : 's'}${after ? ' (continued)' : ''}.</p>
    <div class="table-wrap"><table class="data tests-table">
      <thead><tr><th scope="col">Test</th><th scope="col">Class</th><th scope="col">File</th></tr></thead>
      <tbody>${tests.map((t) => `<tr><th scope="row"><a href="${esc(testUrl(repo, t))}">${esc(t.name)}</a></th>
        <td>${esc(t.classname || '–')}</td><td>${esc(t.file || '–')}</td></tr>`).join('')}</tbody>
    </table></div>
    <nav class="pager" aria-label="Pages of tests">
      ${after ? `<a href="${esc(testsUrl(repo, q))}">« First page</a>` : ''}
      ${page.pageInfo.hasNextPage ? `<a class="older" rel="next" href="${esc(`${testsUrl(repo)}?${more}`)}">More tests »</a>` : ''}
    </nav>`;
}
