// Named queries: the list (namedQueries), and one query's form with a typed input per parameter (defaults filled),
// its rows (runNamedQuery) and a CSV download (GET /api/v1/queries/<name>?...&format=csv). The parameters are in the
// address, so a result is a permalink.

import { gql } from '../api.js';
import { emptyState, errorState, esc, gqlString, queriesUrl, queryLink, setTitle } from '../ui.js';

const LIST = `query NamedQueries {
  namedQueries { name description source params { name type required default description } }
}`;

export async function render(main, route) {
  const name = route.params.path || null;
  setTitle(name || 'Named queries');
  let queries;
  try {
    queries = (await gql(LIST)).namedQueries;
  } catch (error) {
    main.innerHTML = errorState(error, 'the named queries');
    return;
  }
  if (!name) {
    renderList(main, queries);
    return;
  }
  const query = queries.find((q) => q.name === name);
  if (!query) {
    main.innerHTML = `<section class="state error" role="alert"><h2>No named query "${esc(name)}"</h2>
      <p>Pick one from <a href="/queries">the list of named queries</a>. Your own go in the named-queries directory
      (<code>greenboard.named-queries.dir</code>), one folder with <code>query.sql</code> and <code>params.json</code> each.</p></section>`;
    return;
  }
  renderQuery(main, query, route.query);
}

function renderList(main, queries) {
  if (!queries.length) {
    main.innerHTML = emptyState('No named queries', 'Add one as a folder with <code>query.sql</code> and <code>params.json</code> in the named-queries directory.');
    return;
  }
  main.innerHTML = `<article class="named-queries">
    <header class="page-head"><h1>Named queries</h1><p class="muted">Saved SQL over Greenboard's tables, with parameters. ${queryLink(LIST, 'this list')}</p></header>
    <div class="table-wrap"><table class="data queries-list"><thead><tr><th scope="col">Query</th><th scope="col">Parameters</th><th scope="col">Source</th><th scope="col">What it shows</th></tr></thead>
    <tbody>${queries.map((q) => `<tr><th scope="row"><a href="${esc(queriesUrl(q.name))}">${esc(q.name)}</a></th>
      <td>${q.params.map((p) => `<code>${esc(p.name)}</code>`).join(', ')}</td><td>${esc(q.source)}</td><td>${esc(q.description || '')}</td></tr>`).join('')}</tbody></table></div>
  </article>`;
}

/** The input of one parameter, typed after its type; the value from the address, else the default. */
function input(p, given) {
  const value = given !== null ? given : p.default ?? '';
  const id = `param-${p.name}`;
  const hint = `${p.type}${p.required ? ', required' : ''}${p.description ? `: ${p.description}` : ''}`;
  let control;
  if (p.type === 'bool') {
    control = `<select id="${id}" name="${esc(p.name)}">${['true', 'false'].map((v) => `<option${String(value) === v ? ' selected' : ''}>${v}</option>`).join('')}</select>`;
  } else {
    const type = p.type === 'int' || p.type === 'float' ? 'number' : 'text';
    const step = p.type === 'float' ? ' step="any"' : p.type === 'int' ? ' step="1"' : '';
    const placeholder = p.type === 'timestamp' ? ' placeholder="2026-01-31T00:00:00Z"' : p.type === 'interval' ? ' placeholder="7 days"' : '';
    control = `<input id="${id}" name="${esc(p.name)}" type="${type}"${step}${placeholder} value="${esc(value)}"${p.required ? ' required' : ''} autocomplete="off" spellcheck="false">`;
  }
  return `<label for="${id}"><span><code>${esc(p.name)}</code></span>${control}<span class="hint">${esc(hint)}</span></label>`;
}

/** The JSON value of a parameter as typed: numbers and booleans as such, the rest as text. */
function typed(p, text) {
  if (p.type === 'int' || p.type === 'float') return text.trim() !== '' && !Number.isNaN(Number(text)) ? Number(text) : text;
  if (p.type === 'bool') return text === 'true';
  return text;
}

async function renderQuery(main, query, address) {
  // Parameters in the address win; the defaults fill the rest. Empty optional ones are left to the server.
  const params = new URLSearchParams();
  const values = {};
  for (const p of query.params) {
    const text = address.has(p.name) ? address.get(p.name) : p.default;
    if (text !== null && text !== undefined && text !== '') {
      params.set(p.name, text);
      values[p.name] = typed(p, text);
    }
  }
  const missing = query.params.filter((p) => p.required && !(p.name in values));
  const gqlQuery = `query RunNamedQuery {\n  runNamedQuery(name: ${gqlString(query.name)}, params: ${gqlString(JSON.stringify(values))}) {\n    columns rows rowCount truncated elapsedMs\n  }\n}`;
  const csvParams = new URLSearchParams(params);
  csvParams.set('format', 'csv');
  const csvUrl = `/api/v1/queries/${encodeURIComponent(query.name)}?${csvParams}`;
  main.innerHTML = `<article class="named-query">
    <header class="page-head">
      <p class="crumbs"><a href="/queries">Named queries</a> › ${esc(query.name)}</p>
      <h1>${esc(query.name)}</h1>
      <p>${esc(query.description || '')}</p>
      <form class="params-form" id="params-form" method="get" action="${esc(location.pathname)}">
        ${query.params.map((p) => input(p, address.get(p.name))).join('')}
        <div><button type="submit">Run</button></div>
      </form>
    </header>
    <section aria-labelledby="result-h"><div class="panel-head"><h2 id="result-h">Result</h2>
      <span>${missing.length ? '' : `<a class="csv-link" href="${esc(csvUrl)}" download>Download CSV</a> · ${queryLink(gqlQuery, 'this result')}`}</span></div>
      <div id="result"></div></section>
  </article>`;
  const box = main.querySelector('#result');
  if (missing.length) {
    box.innerHTML = `<p class="state empty" role="status">Fill in ${missing.map((p) => `<code>${esc(p.name)}</code>`).join(', ')} and press Run.</p>`;
    return;
  }
  box.innerHTML = '<p class="loading" role="status">Running…</p>';
  let result;
  try {
    result = (await gql(gqlQuery)).runNamedQuery;
  } catch (error) {
    box.innerHTML = errorState(error, `the query ${query.name}`);
    return;
  }
  if (!result.rows.length) {
    box.innerHTML = `<p class="state empty" role="status">No rows (${result.elapsedMs} ms). Change the parameters above, e.g. a longer time span, and run again.</p>`;
    return;
  }
  box.innerHTML = `<p class="muted result-count">${result.rowCount} row${result.rowCount === 1 ? '' : 's'}${result.truncated ? ' (more were left off at the row limit)' : ''} in ${result.elapsedMs} ms.</p>
    <div class="table-wrap"><table class="data result-table"><thead><tr>${result.columns.map((c) => `<th scope="col">${esc(c)}</th>`).join('')}</tr></thead>
    <tbody>${result.rows.map((row) => `<tr>${row.map((v) => `<td>${v === null ? '<span class="muted">null</span>' : esc(v)}</td>`).join('')}</tr>`).join('')}</tbody></table></div>`;
}
