// The HUD: commits of a branch (rows, newest first) by jobs (columns), one request for the grid, live updates.
// Everything the reader chose (filter, hidden columns, collapsed groups, page) is in the URL.

import { gql } from '../api.js';
import { subscribe } from '../live.js';
import * as grid from '../grid.js';
import {
  STATUS, esc, duration, shortSha, hudUrl, jobUrl, testsUrl, emptyState, errorState, setTitle, statusCounts,
} from '../ui.js';

const HUD_FIELDS = `repository branch jobNames groups { name jobNames }
    rows { sha time title author prNumber cells { status jobId attempts } }
    pageInfo { hasNextPage endCursor }`;

const PAGE_QUERY = `query HudPage($repo: String!, $branch: String, $first: Int, $after: String, $filter: String) {
  repositories(first: 100) { edges { node { fullName defaultBranch } } }
  hud(repo: $repo, branch: $branch, first: $first, after: $after, jobFilter: $filter) { ${HUD_FIELDS} }
}`;

const REFRESH_QUERY = `query HudRefresh($repo: String!, $branch: String, $first: Int, $after: String, $filter: String) {
  hud(repo: $repo, branch: $branch, first: $first, after: $after, jobFilter: $filter) { ${HUD_FIELDS} }
}`;

const JOB_QUERY = `query HudJob($id: ID!) {
  job(id: $id) { id runAttempt status conclusion createdAt queueSeconds durationSeconds runnerName }
}`;

const LIVE_QUERY = `subscription HudLive($repo: String!, $branch: String) {
  jobUpdated(repo: $repo, branch: $branch) { id headSha status conclusion }
}`;

const DEFAULT_FIRST = 50;
/** Never poll more often than this (the issue's limit); live updates come over the WebSocket when it is up. */
const POLL_MS = 60_000;
/** Live refreshes of the grid are at most this often, however many jobs change. */
const REFRESH_GAP_MS = 1500;
const COMPACT = window.matchMedia('(max-width: 700px)');

export async function render(main, route) {
  const repo = `${route.params.owner}/${route.params.name}`;
  const branchInPath = route.params.branch || null;
  const q = route.query;
  const state = {
    filter: q.get('filter') || '',
    hideGreen: q.get('hideGreen') === '1',
    hideEmpty: q.get('hideEmpty') === '1',
    collapsed: new Set(q.getAll('collapse')),
    after: q.get('after') || null,
    first: Math.min(200, Math.max(1, parseInt(q.get('first'), 10) || DEFAULT_FIRST)),
  };
  setTitle('HUD', repo, branchInPath);

  main.innerHTML = `<section class="hud">
    <header class="page-head">
      <h1>HUD <span class="sub">${esc(repo)}${branchInPath ? ` · ${esc(branchInPath)}` : ''}</span></h1>
      <p class="live" id="hud-live" role="status" aria-live="polite"></p>
    </header>
    <form class="controls" id="hud-controls" role="search" aria-label="HUD filters">
      <label>Repository <select id="hud-repo" name="repo"><option>${esc(repo)}</option></select></label>
      <label>Branch <input id="hud-branch" name="branch" value="${esc(branchInPath || '')}" placeholder="default branch"
        autocomplete="off" spellcheck="false" size="14"></label>
      <label class="grow">Job filter (regex) <input id="hud-filter" name="filter" type="search" value="${esc(state.filter)}"
        placeholder="e.g. linux|win" autocomplete="off" spellcheck="false"></label>
      <label class="check"><input type="checkbox" id="hud-hide-green" name="hideGreen"${state.hideGreen ? ' checked' : ''}>
        Hide green columns</label>
      <label class="check" title="Columns whose cells are all blank (did not run) or skipped">
        <input type="checkbox" id="hud-hide-empty" name="hideEmpty"${state.hideEmpty ? ' checked' : ''}> Hide columns without results</label>
      <a class="side-link" href="${esc(testsUrl(repo))}">Search tests</a>
    </form>
    <p class="legend" aria-label="Legend">${Object.entries(STATUS).filter(([s]) => s !== 'NONE')
    .map(([s, v]) => `<span class="key"><span class="swatch s-${s}" aria-hidden="true">${v.glyph}</span> ${esc(v.label.split(' (')[0])}</span>`)
    .join('')}<span class="key"><span class="swatch s-NONE" aria-hidden="true"></span> did not run</span></p>
    <p class="grid-summary" id="hud-summary" aria-live="polite"></p>
    <div class="grid-wrap" id="hud-grid"><p class="loading" role="status">Loading the grid…</p></div>
    <nav class="pager" id="hud-pager" aria-label="Pages of commits"></nav>
    <div class="tip" id="hud-tip" role="tooltip" hidden></div>
  </section>`;

  const el = {
    grid: main.querySelector('#hud-grid'),
    summary: main.querySelector('#hud-summary'),
    pager: main.querySelector('#hud-pager'),
    tip: main.querySelector('#hud-tip'),
    live: main.querySelector('#hud-live'),
    repo: main.querySelector('#hud-repo'),
    branch: main.querySelector('#hud-branch'),
    filter: main.querySelector('#hud-filter'),
    hideGreen: main.querySelector('#hud-hide-green'),
    hideEmpty: main.querySelector('#hud-hide-empty'),
  };

  let hud = null;
  let lay = null;
  let table = null;

  const variables = () => ({
    repo, branch: branchInPath, first: state.first, after: state.after, filter: state.filter || null,
  });

  // ---- URL: every choice is in the query string, so the address is a permalink -----------------------------------
  function params({ after = state.after } = {}) {
    const p = new URLSearchParams();
    if (state.filter) p.set('filter', state.filter);
    if (state.hideGreen) p.set('hideGreen', '1');
    if (state.hideEmpty) p.set('hideEmpty', '1');
    for (const g of [...state.collapsed].sort()) p.append('collapse', g);
    if (state.first !== DEFAULT_FIRST) p.set('first', String(state.first));
    if (after) p.set('after', after);
    return p;
  }
  function syncUrl() {
    history.replaceState(null, '', hudUrl(repo, branchInPath, params()));
    renderPager();
  }

  function renderPager() {
    if (!hud) {
      el.pager.innerHTML = '';
      return;
    }
    const links = [];
    if (state.after) links.push(`<a href="${esc(hudUrl(repo, branchInPath, params({ after: null })))}">« Newest commits</a>`);
    if (hud.pageInfo.hasNextPage) {
      links.push(`<a class="older" rel="next" href="${esc(hudUrl(repo, branchInPath, params({ after: hud.pageInfo.endCursor })))}">Older commits »</a>`);
    }
    el.pager.innerHTML = links.join(' ');
  }

  // ---- Rendering -------------------------------------------------------------------------------------------------
  const options = () => ({ hideGreen: state.hideGreen, hideEmpty: state.hideEmpty, collapsed: state.collapsed });

  function renderAll({ keepView = false } = {}) {
    hideTip();
    const view = keepView ? saveView() : null;
    if (!hud.rows.length) {
      table = null;
      el.summary.textContent = '';
      el.grid.innerHTML = state.after
        ? emptyState('No older commits', 'This is the end of the branch\'s history in Greenboard.')
        : emptyState(`No commits on ${hud.branch} yet`,
          `Rows appear when GitHub sends a <code>push</code> webhook for <code>${esc(hud.branch)}</code>, or a workflow run or test report for a commit of it.`);
      renderPager();
      return;
    }
    lay = grid.layout(hud, options());
    if (!lay.columns.length) {
      table = null;
      let why;
      if (!hud.jobNames.length && state.filter) why = `No job name matches the filter <code>${esc(state.filter)}</code>. Change or clear the job filter.`;
      else if (!hud.jobNames.length) why = 'No job has run on these commits yet: jobs come from <code>workflow_job</code> webhooks.';
      else why = `All ${lay.total} columns are hidden by the options above. Untick "Hide green columns" or "Hide columns without results" to see them.`;
      el.grid.innerHTML = `<section class="state empty" role="status"><h2>No columns to show</h2><p>${why}</p></section>`;
      el.summary.textContent = '';
      renderPager();
      return;
    }
    const { table: t, ms } = grid.renderGrid(el.grid, hud, lay, repo, { compact: COMPACT.matches });
    table = t;
    setRovingCell(firstCell());
    summarize(ms);
    renderPager();
    if (view) restoreView(view);
  }

  function summarize(ms) {
    const latest = hud.rows[0];
    const collapsed = lay.groups.filter((g) => g.collapsed).length;
    const latestStatuses = hud.jobNames.map((_, i) => latest.cells[i].status).filter((s) => s !== 'NONE');
    const plural = (n, word) => `${n} ${word}${n === 1 ? '' : 's'}`;
    el.summary.innerHTML = `${plural(hud.rows.length, 'commit')} × ${plural(lay.total, 'job')}`
      + `${lay.hidden ? ` (${lay.hidden} hidden)` : ''}${collapsed ? `, ${plural(collapsed, 'group')} collapsed` : ''}`
      + ` on <strong>${esc(hud.branch)}</strong>.`
      + (latestStatuses.length ? ` Newest commit ${esc(shortSha(latest.sha))}: ${statusCounts(latestStatuses)}.` : '')
      + ` <span class="muted" title="Time to build and lay out the grid">Rendered in ${ms} ms.</span>`;
  }

  /** Scroll positions and the focused cell, so that a live update or a re-layout does not move the reader. */
  function saveView() {
    const active = document.activeElement;
    let focus = null;
    if (table && active && table.contains(active)) {
      const td = active.closest('td.c');
      if (td) focus = { sha: td.parentElement.dataset.sha, key: columnOf(td)?.key };
    }
    return { left: el.grid.scrollLeft, top: el.grid.scrollTop, x: window.scrollX, y: window.scrollY, focus };
  }

  function restoreView(view) {
    el.grid.scrollLeft = view.left;
    el.grid.scrollTop = view.top;
    window.scrollTo(view.x, view.y);
    if (view.focus && table) {
      const tr = table.querySelector(`tbody tr[data-sha="${CSS.escape(view.focus.sha)}"]`);
      const c = lay.columns.findIndex((col) => col.key === view.focus.key);
      if (tr && c >= 0) {
        const td = tr.cells[grid.infoColumns(isCompact()) + c];
        setRovingCell(td);
        td.focus({ preventScroll: true });
      }
    }
  }

  const isCompact = () => table && table.classList.contains('compact');
  const columnOf = (td) => lay.columns[td.cellIndex - grid.infoColumns(isCompact())];
  const rowOf = (td) => hud.rows[td.parentElement.sectionRowIndex];

  /** Applies fresh data: changed cells are patched in place when the shape is the same, else the grid is redrawn. */
  function apply(next) {
    const before = hud;
    const beforeLay = lay;
    hud = next;
    const nextLay = hud.rows.length ? grid.layout(hud, options()) : null;
    const sameShape = table && beforeLay && nextLay
      && before.rows.length === hud.rows.length
      && before.rows.every((r, i) => r.sha === hud.rows[i].sha)
      && beforeLay.columns.length === nextLay.columns.length
      && beforeLay.columns.every((c, i) => c.key === nextLay.columns[i].key);
    if (!sameShape) {
      renderAll({ keepView: true });
      return;
    }
    lay = nextLay;
    const info = grid.infoColumns(isCompact());
    const body = table.tBodies[0];
    let changed = 0;
    hud.rows.forEach((row, r) => {
      const tr = body.rows[r];
      lay.columns.forEach((column, c) => {
        const old = before.rows[r];
        const oldCell = column.kind === 'job' ? old.cells[column.index] : null;
        const newCell = column.kind === 'job' ? row.cells[column.index] : null;
        const differs = column.kind === 'job'
          ? oldCell.status !== newCell.status || oldCell.jobId !== newCell.jobId || oldCell.attempts !== newCell.attempts
          : grid.statusAt(old, beforeLay.columns[c]) !== grid.statusAt(row, column);
        if (!differs) return;
        const td = tr.cells[info + c];
        const { cls, html } = grid.cellParts(row, column);
        const focused = document.activeElement === td;
        td.className = `${cls} flash`;
        td.innerHTML = html;
        if (focused) describeCell(td);
        changed++;
      });
    });
    if (changed) summarize(Number(table.dataset.renderMs));
  }

  // ---- Keyboard: arrows move between cells, Enter opens the job (or toggles a collapsed group) --------------------
  function firstCell() {
    return table ? table.querySelector('tbody td.c') : null;
  }
  function setRovingCell(td) {
    if (!td || !table) return;
    const current = table.querySelector('td.c[tabindex="0"]');
    if (current && current !== td) current.removeAttribute('tabindex');
    td.tabIndex = 0;
  }
  function moveFocus(td) {
    if (!td) return;
    setRovingCell(td);
    td.focus();
  }

  el.grid.addEventListener('keydown', (event) => {
    const td = event.target.closest && event.target.closest('td.c');
    if (!td || !table) return;
    const body = table.tBodies[0];
    const info = grid.infoColumns(isCompact());
    let r = td.parentElement.sectionRowIndex;
    let c = td.cellIndex;
    const lastC = td.parentElement.cells.length - 1;
    switch (event.key) {
      case 'ArrowRight': c = Math.min(lastC, c + 1); break;
      case 'ArrowLeft': c = Math.max(info, c - 1); break;
      case 'ArrowDown': r = Math.min(body.rows.length - 1, r + 1); break;
      case 'ArrowUp': r = Math.max(0, r - 1); break;
      case 'Home': c = info; if (event.ctrlKey) r = 0; break;
      case 'End': c = lastC; if (event.ctrlKey) r = body.rows.length - 1; break;
      case 'PageDown': r = Math.min(body.rows.length - 1, r + 10); break;
      case 'PageUp': r = Math.max(0, r - 10); break;
      case 'Enter':
      case ' ': {
        event.preventDefault();
        const column = columnOf(td);
        if (column && column.kind === 'group') toggleGroup(column.group.name, rowOf(td).sha);
        else openJob(td, event.ctrlKey || event.metaKey);
        return;
      }
      default:
        return;
    }
    event.preventDefault();
    moveFocus(body.rows[r].cells[c]);
  });

  el.grid.addEventListener('click', (event) => {
    const toggle = event.target.closest('.grp-toggle');
    if (toggle) {
      toggleGroup(toggle.dataset.group, null);
      return;
    }
    const td = event.target.closest('td.c');
    if (!td || !columnOf(td)) return;
    if (columnOf(td).kind === 'group') toggleGroup(columnOf(td).group.name, rowOf(td).sha);
    else openJob(td, event.ctrlKey || event.metaKey || event.shiftKey);
  });
  // A middle click opens the job in a new tab, as it would on a link.
  el.grid.addEventListener('auxclick', (event) => {
    const td = event.button === 1 && event.target.closest('td.c');
    if (td && columnOf(td) && columnOf(td).kind === 'job') openJob(td, true);
  });

  /** The job page of a cell (the execution its status comes from), here or in a new tab. */
  function openJob(td, newTab) {
    const cell = rowOf(td).cells[columnOf(td).index];
    if (cell.jobId === null || cell.jobId === undefined) return;
    if (newTab) window.open(jobUrl(cell.jobId), '_blank', 'noopener');
    else location.href = jobUrl(cell.jobId);
  }

  function toggleGroup(name, focusSha) {
    if (state.collapsed.has(name)) state.collapsed.delete(name);
    else state.collapsed.add(name);
    syncUrl();
    const view = saveView();
    renderAll();
    restoreView({ ...view, focus: null });
    if (focusSha) {
      const c = lay.columns.findIndex((col) => col.group.name === name);
      const tr = table && table.querySelector(`tbody tr[data-sha="${CSS.escape(focusSha)}"]`);
      if (tr && c >= 0) moveFocus(tr.cells[grid.infoColumns(isCompact()) + c]);
    }
  }

  // ---- Tooltip on hover and focus: job, status, attempts, then queue and run time from a lazy job(id) query -------
  const jobDetails = new Map();
  let tipFor = null;
  let tipTimer = null;

  function hideTip() {
    tipFor = null;
    clearTimeout(tipTimer);
    el.tip.hidden = true;
  }

  function describeCell(td) {
    const column = columnOf(td);
    const row = rowOf(td);
    if (!column || !row) return;
    tipFor = td;
    td.setAttribute('aria-describedby', 'hud-tip');
    let html;
    if (column.kind === 'group') {
      const statuses = column.group.visible.map((i) => row.cells[i].status).filter((s) => s !== 'NONE');
      const worstLabel = STATUS[grid.worst(row, column.group.visible)].label;
      td.setAttribute('aria-label', `${column.group.name}, ${column.group.visible.length} jobs: ${worstLabel}`);
      html = `<strong>${esc(column.group.name)}</strong> (${column.group.visible.length} jobs, collapsed)
        <div>${statuses.length ? statusCounts(statuses) : 'no job ran'}</div>
        <div class="muted">Commit ${esc(shortSha(row.sha))} · ${esc(row.title || '')}</div>
        <div class="hint">Click or press Enter to expand the group.</div>`;
    } else {
      const name = hud.jobNames[column.index];
      const cell = row.cells[column.index];
      const s = STATUS[cell.status] || STATUS.NONE;
      td.setAttribute('aria-label', `${name}: ${s.label}${cell.attempts > 1 ? `, ${cell.attempts} attempts` : ''}`);
      html = `<strong>${esc(name)}</strong>
        <div><span class="badge s-${esc(cell.status)}"><span aria-hidden="true">${s.glyph}</span> ${esc(s.label)}</span>
          ${cell.attempts ? ` · ${cell.attempts} attempt${cell.attempts === 1 ? '' : 's'}` : ''}</div>
        <div class="muted">Commit ${esc(shortSha(row.sha))} · ${esc(row.title || '')}</div>
        ${cell.jobId ? `<div class="times" data-job="${esc(cell.jobId)}">${timesHtml(jobDetails.get(String(cell.jobId)))}</div>
        <div class="hint">Click or press Enter: job page ${esc(jobUrl(cell.jobId))}</div>` : ''}`;
      if (cell.jobId && !jobDetails.has(String(cell.jobId))) {
        clearTimeout(tipTimer);
        tipTimer = setTimeout(() => loadJob(String(cell.jobId), td), 150);
      }
    }
    el.tip.innerHTML = html;
    el.tip.hidden = false;
    placeTip(td);
  }

  function timesHtml(job) {
    if (!job) return '<span class="muted">Loading times…</span>';
    if (job.error) return '<span class="muted">Times unavailable.</span>';
    const runner = job.runnerName ? ` on ${esc(job.runnerName)}` : '';
    return `Queued ${esc(duration(job.queueSeconds))} · ran ${esc(duration(job.durationSeconds))}${runner}`;
  }

  async function loadJob(id, td) {
    if (jobDetails.has(id)) return;
    jobDetails.set(id, null);
    try {
      const data = await gql(JOB_QUERY, { id });
      jobDetails.set(id, data.job || { error: true });
    } catch (e) {
      jobDetails.set(id, { error: true });
    }
    if (tipFor === td) {
      const times = el.tip.querySelector(`.times[data-job="${CSS.escape(id)}"]`);
      if (times) times.innerHTML = timesHtml(jobDetails.get(id));
    }
  }

  function placeTip(td) {
    const rect = td.getBoundingClientRect();
    const tip = el.tip;
    const width = tip.offsetWidth;
    const height = tip.offsetHeight;
    let left = rect.right + 6;
    if (left + width > window.innerWidth - 4) left = Math.max(4, rect.left - width - 6);
    let top = rect.bottom + 6;
    if (top + height > window.innerHeight - 4) top = Math.max(4, rect.top - height - 6);
    tip.style.left = `${left}px`;
    tip.style.top = `${top}px`;
  }

  el.grid.addEventListener('mouseover', (event) => {
    const td = event.target.closest('td.c');
    if (td && td !== tipFor) describeCell(td);
  });
  el.grid.addEventListener('mouseleave', () => {
    const active = document.activeElement;
    if (active && active.matches && active.matches('td.c') && table && table.contains(active)) describeCell(active);
    else hideTip();
  });
  el.grid.addEventListener('focusin', (event) => {
    const td = event.target.closest('td.c');
    if (td) {
      setRovingCell(td);
      describeCell(td);
    }
  });
  el.grid.addEventListener('focusout', (event) => {
    if (!event.relatedTarget || !el.grid.contains(event.relatedTarget)) hideTip();
  });
  el.grid.addEventListener('scroll', hideTip, { passive: true });
  document.addEventListener('keydown', (event) => {
    if (event.key === 'Escape') hideTip();
  });

  // ---- Controls ----------------------------------------------------------------------------------------------------
  let filterTimer = null;
  let loadToken = 0;

  async function reload() {
    const token = ++loadToken;
    el.summary.textContent = 'Loading…';
    try {
      const data = await gql(REFRESH_QUERY, variables());
      if (token !== loadToken) return;
      hud = data.hud;
      renderAll({ keepView: true });
    } catch (error) {
      if (token !== loadToken) return;
      el.summary.textContent = '';
      el.grid.innerHTML = errorState(error, 'the grid');
    }
  }

  function applyFilter() {
    const value = el.filter.value.trim();
    if (value === state.filter) return;
    state.filter = value;
    syncUrl();
    reload();
  }

  main.querySelector('#hud-controls').addEventListener('submit', (event) => {
    event.preventDefault();
    clearTimeout(filterTimer);
    applyFilter();
  });
  el.filter.addEventListener('input', () => {
    clearTimeout(filterTimer);
    filterTimer = setTimeout(applyFilter, 500);
  });
  el.hideGreen.addEventListener('change', () => {
    state.hideGreen = el.hideGreen.checked;
    syncUrl();
    if (hud) renderAll({ keepView: true });
  });
  el.hideEmpty.addEventListener('change', () => {
    state.hideEmpty = el.hideEmpty.checked;
    syncUrl();
    if (hud) renderAll({ keepView: true });
  });
  el.repo.addEventListener('change', () => {
    location.href = hudUrl(el.repo.value, null, null);
  });
  el.branch.addEventListener('change', () => {
    const branch = el.branch.value.trim();
    location.href = hudUrl(repo, branch || null, params({ after: null }));
  });
  COMPACT.addEventListener('change', () => {
    if (hud) renderAll({ keepView: true });
  });

  // ---- First load --------------------------------------------------------------------------------------------------
  let data;
  try {
    data = await gql(PAGE_QUERY, variables());
  } catch (error) {
    const known = error.data && error.data.repositories ? error.data.repositories.edges.map((e) => e.node) : [];
    el.grid.innerHTML = errorState(error, `the HUD of ${repo}`)
      + (known.length ? `<section class="state"><h2>Repositories with data</h2><ul class="plain">${known
        .map((r) => `<li><a href="${esc(hudUrl(r.fullName, r.defaultBranch, null))}">${esc(r.fullName)}</a></li>`).join('')}</ul></section>` : '');
    return;
  }
  const repositories = data.repositories.edges.map((e) => e.node);
  if (!repositories.some((r) => r.fullName === repo)) repositories.unshift({ fullName: repo });
  el.repo.innerHTML = repositories
    .map((r) => `<option value="${esc(r.fullName)}"${r.fullName === repo ? ' selected' : ''}>${esc(r.fullName)}</option>`)
    .join('');
  hud = data.hud;
  el.branch.placeholder = hud.branch;
  if (!branchInPath) setTitle('HUD', repo, hud.branch);
  renderAll();
  startLive(hud.branch);

  // ---- Live updates ------------------------------------------------------------------------------------------------
  function startLive(branch) {
    let lastRefresh = 0;
    let timer = null;
    let inflight = false;
    let again = false;
    let pollTimer = null;

    async function refresh() {
      timer = null;
      inflight = true;
      lastRefresh = Date.now();
      try {
        const fresh = await gql(REFRESH_QUERY, variables());
        apply(fresh.hud);
      } catch (e) {
        // The next event or poll tries again; the grid keeps what it shows.
      } finally {
        inflight = false;
        if (again) {
          again = false;
          schedule();
        }
      }
    }
    function schedule() {
      if (inflight) {
        again = true;
        return;
      }
      if (timer) return;
      timer = setTimeout(refresh, Math.max(0, lastRefresh + REFRESH_GAP_MS - Date.now()));
    }

    const labels = {
      connecting: 'Connecting for live updates…',
      live: '● Live: jobs update as webhooks arrive',
      polling: `Live updates unavailable; refreshing every ${POLL_MS / 1000} s`,
      closed: '',
    };
    subscribe(LIVE_QUERY, { repo, branch }, (message) => {
      const job = message.jobUpdated;
      if (!job || !hud) return;
      // An older page only changes when a job of one of its commits changes; the newest page may gain a commit.
      if (state.after && !hud.rows.some((r) => r.sha === job.headSha)) return;
      schedule();
    }, (liveState) => {
      el.live.textContent = labels[liveState] || '';
      el.live.dataset.state = liveState;
      clearInterval(pollTimer);
      if (liveState === 'polling') pollTimer = setInterval(schedule, POLL_MS);
    });
  }
}
