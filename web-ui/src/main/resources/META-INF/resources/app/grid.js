// The HUD grid as HTML strings: 50 commits x 500 jobs is 25,000 cells, so rows are built as one string and parsed by
// the browser once (no per-cell components, no per-cell listeners or links: the page listens on the table).

import { STATUS, SEVERITY, esc, time, shortSha, commitUrl, prUrl, githubCommitUrl } from './ui.js';

/** Statuses of a column that "hide green columns" hides: nothing failed and nothing is pending. */
const GREEN = new Set(['SUCCESS', 'SKIPPED', 'NONE']);
/** Statuses of a column that "hide columns without results" hides. */
const EMPTY = new Set(['SKIPPED', 'NONE']);
const RANK = new Map(SEVERITY.map((s, i) => [s, i]));

/** Number of commit columns before the job cells (time, sha, title, PR, author; compact: time, sha). */
export const infoColumns = (compact) => (compact ? 2 : 5);

/**
 * Column groups in display order: the server's configured groups (then "Other" for the rest), or, when none are
 * configured, one group per workflow (the part of "<workflow> / <job>" before the first " / ").
 */
export function columnGroups(hud) {
  const names = hud.jobNames;
  if (hud.groups && hud.groups.length) {
    const index = new Map(names.map((n, i) => [n, i]));
    const taken = new Set();
    const groups = [];
    for (const group of hud.groups) {
      const indices = (group.jobNames || []).map((n) => index.get(n)).filter((i) => i !== undefined && !taken.has(i));
      indices.forEach((i) => taken.add(i));
      if (indices.length) groups.push({ name: group.name, indices, prefix: '' });
    }
    const rest = names.map((_, i) => i).filter((i) => !taken.has(i));
    if (rest.length) groups.push({ name: 'Other', indices: rest, prefix: '' });
    return groups;
  }
  const byWorkflow = new Map();
  names.forEach((name, i) => {
    const cut = name.indexOf(' / ');
    const workflow = cut > 0 ? name.slice(0, cut) : '(no workflow)';
    if (!byWorkflow.has(workflow)) byWorkflow.set(workflow, []);
    byWorkflow.get(workflow).push(i);
  });
  return [...byWorkflow.entries()].map(([name, indices]) => ({ name, indices, prefix: `${name} / ` }));
}

/** Which columns show: groups with their visible job indices, and the flat list of columns. */
export function layout(hud, { hideGreen = false, hideEmpty = false, collapsed = new Set() } = {}) {
  const green = new Array(hud.jobNames.length).fill(true);
  const empty = new Array(hud.jobNames.length).fill(true);
  for (const row of hud.rows) {
    const cells = row.cells;
    for (let i = 0; i < cells.length; i++) {
      const s = cells[i].status;
      if (!GREEN.has(s)) green[i] = false;
      if (!EMPTY.has(s)) empty[i] = false;
    }
  }
  const groups = [];
  const columns = [];
  let hidden = 0;
  for (const group of columnGroups(hud)) {
    const visible = group.indices.filter((i) => !(hideGreen && green[i]) && !(hideEmpty && empty[i]));
    hidden += group.indices.length - visible.length;
    if (!visible.length) continue;
    const shown = { ...group, visible, collapsed: collapsed.has(group.name) };
    groups.push(shown);
    if (shown.collapsed) {
      columns.push({ kind: 'group', group: shown, key: `g:${group.name}` });
    } else {
      for (const i of visible) columns.push({ kind: 'job', index: i, group: shown, key: `j:${hud.jobNames[i]}` });
    }
  }
  return { groups, columns, hidden, total: hud.jobNames.length };
}

/** The worst status of a group's visible jobs on one row (what a collapsed group shows). */
export function worst(row, indices) {
  let best = 'NONE';
  for (const i of indices) {
    const s = row.cells[i].status;
    if ((RANK.get(s) ?? 99) < RANK.get(best)) best = s;
  }
  return best;
}

/** The status shown by column `column` on `row`. */
export function statusAt(row, column) {
  return column.kind === 'group' ? worst(row, column.group.visible) : row.cells[column.index].status;
}

/**
 * The class and glyph of one cell. Cells hold no link element (half the DOM nodes of 25,000 cells): the page opens
 * the job of a cell from the data on click or Enter.
 */
export function cellParts(row, column) {
  if (column.kind === 'group') {
    const s = worst(row, column.group.visible);
    return { cls: `c g s-${s}`, html: (STATUS[s] || STATUS.NONE).glyph };
  }
  const s = STATUS[row.cells[column.index].status] ? row.cells[column.index].status : 'NONE';
  return { cls: `c s-${s}`, html: STATUS[s].glyph };
}

const INFO_WIDTHS_REM = { ct: 7, sha: 4.5, title: 18, pr: 3.75, author: 7 };
const CELL_REM = 1.625;

/** The whole table (colgroup, two header rows, body) as one string. */
export function gridHtml(hud, lay, repo, { compact = false } = {}) {
  const info = compact ? ['ct', 'sha'] : ['ct', 'sha', 'title', 'pr', 'author'];
  const widthRem = info.reduce((sum, c) => sum + INFO_WIDTHS_REM[c], 0) + lay.columns.length * CELL_REM;
  const out = [];
  out.push(`<table class="hud-grid${compact ? ' compact' : ''}" role="grid" aria-label="Jobs by commit"`
    + ` aria-rowcount="${hud.rows.length + 2}" style="width:${widthRem}rem"><colgroup>`);
  for (const c of info) out.push(`<col class="${c}" style="width:${INFO_WIDTHS_REM[c]}rem">`);
  out.push(`<col span="${lay.columns.length}" style="width:${CELL_REM}rem"></colgroup><thead><tr class="groups">`);
  out.push(`<th class="corner" colspan="${info.length}"><span class="sr">Commit</span></th>`);
  for (const g of lay.groups) {
    const span = g.collapsed ? 1 : g.visible.length;
    out.push(`<th colspan="${span}" scope="colgroup" class="grp${g.collapsed ? ' collapsed' : ''}">`
      + `<button type="button" class="grp-toggle" data-group="${esc(g.name)}" aria-expanded="${!g.collapsed}"`
      + ` title="${esc(g.name)}: ${g.visible.length} job${g.visible.length === 1 ? '' : 's'} (${g.collapsed ? 'expand' : 'collapse'})">`
      + `<span aria-hidden="true">${g.collapsed ? '▸' : '▾'}</span> ${esc(g.name)}</button></th>`);
  }
  out.push('</tr><tr class="names">');
  out.push('<th scope="col" class="ct">Time</th><th scope="col" class="sha">Commit</th>');
  if (!compact) out.push('<th scope="col" class="title">Title</th><th scope="col" class="pr">PR</th><th scope="col" class="author">Author</th>');
  for (const column of lay.columns) {
    if (column.kind === 'group') {
      const g = column.group;
      out.push(`<th scope="col" class="jh gh" title="${esc(g.name)}: worst of ${g.visible.length} jobs"><span>${esc(g.name)} (${g.visible.length})</span></th>`);
    } else {
      const name = hud.jobNames[column.index];
      const short = column.group.prefix && name.startsWith(column.group.prefix) ? name.slice(column.group.prefix.length) : name;
      out.push(`<th scope="col" class="jh" title="${esc(name)}"><span>${esc(short)}</span></th>`);
    }
  }
  out.push('</tr></thead><tbody>');
  for (const row of hud.rows) out.push(rowHtml(row, lay, repo, compact));
  out.push('</tbody></table>');
  return out.join('');
}

function rowHtml(row, lay, repo, compact) {
  const parts = [`<tr data-sha="${esc(row.sha)}"><td class="ct">${time(row.time, { short: true })}</td>`
    + `<th scope="row" class="sha"><a class="mono" href="${esc(githubCommitUrl(repo, row.sha))}" rel="noopener noreferrer"`
    + ` title="${esc(row.sha)} on GitHub">${esc(shortSha(row.sha))}</a></th>`];
  if (!compact) {
    parts.push(`<td class="title"><a href="${esc(commitUrl(repo, row.sha))}" title="${esc(row.title)}">${esc(row.title || shortSha(row.sha))}</a></td>`
      + `<td class="pr">${row.prNumber ? `<a href="${esc(prUrl(repo, row.prNumber))}">#${esc(row.prNumber)}</a>` : ''}</td>`
      + `<td class="author" title="${esc(row.author)}">${esc(row.author)}</td>`);
  }
  for (const column of lay.columns) {
    const { cls, html } = cellParts(row, column);
    parts.push(`<td class="${cls}">${html}</td>`);
  }
  parts.push('</tr>');
  return parts.join('');
}

/** Renders into `container` (replacing what was there); returns the table and the milliseconds it took. */
export function renderGrid(container, hud, lay, repo, options = {}) {
  const start = performance.now();
  container.innerHTML = gridHtml(hud, lay, repo, options);
  const table = container.firstElementChild;
  // Reading a layout property makes the browser lay the table out now, so the time measured includes it.
  void table.offsetHeight;
  const ms = Math.round(performance.now() - start);
  table.dataset.renderMs = String(ms);
  return { table, ms };
}
