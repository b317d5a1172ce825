// A repository's settings (repositorySettings): each value shows whether it was set here or is the configured default.
// Saving sends updateRepositorySettings with the version the form was read at, so an edit made meanwhile by someone
// else is reported instead of overwritten. Changing settings needs an ingest token; the page keeps it for the browser
// tab only (sessionStorage), never in the address or on the server.

import { ApiError, gql } from '../api.js';
import { errorState, esc, hudUrl, loading, queryLink, setTitle } from '../ui.js';

const READ = `query RepositorySettings($repo: String!) {
  repositorySettings(repo: $repo) {
    version updatedAt
    defaultBranch { value set }
    blockingWorkflows { value set }
    hudColumnGroups { value set }
    jobNamePattern { value set }
  }
}`;

const UPDATE = `mutation UpdateRepositorySettings($repo: String!, $version: Int!, $settings: RepositorySettingsInput!) {
  updateRepositorySettings(repo: $repo, version: $version, settings: $settings) { version }
}`;

// A backfill from GitHub's REST API (docs/ingest.md "Backfill from GitHub"): started with an ingest token, its progress
// read again every two seconds while it runs.
const BACKFILL_FIELDS = `id state phase since pagesFetched pagesNotModified commitsStored runsStored jobsStored
  pullRequestsStored runsTotal runsRead rateLimitRemaining rateLimitReset waitingUntil eta error startedAt finishedAt`;

const BACKFILLS = `query GitHubBackfills($repo: String!) {
  githubBackfills(repo: $repo, last: 1) { ${BACKFILL_FIELDS} }
}`;

const BACKFILL = `query GitHubBackfill($id: ID!) {
  githubBackfill(id: $id) { ${BACKFILL_FIELDS} }
}`;

const START_BACKFILL = `mutation StartGitHubBackfill($repo: String!, $since: String!) {
  startGitHubBackfill(repo: $repo, since: $since) { ${BACKFILL_FIELDS} }
}`;

const POLL_MS = 2000;

// The tiles' thresholds (docs/metrics.md#tiles): metricTiles reports each tile's thresholds in force, the repository's
// or the defaults; setMetricThreshold changes one tile (both values null: back to the defaults).
const TILES = `query TileThresholds($repo: String!) {
  metricTiles(repo: $repo) { tiles { name title unit amber red thresholdsSet } }
}`;

const SET_THRESHOLD = `mutation SetMetricThreshold($repo: String!, $tile: String!, $amber: Float, $red: Float) {
  setMetricThreshold(repo: $repo, tile: $tile, amber: $amber, red: $red) { name amber red thresholdsSet }
}`;

/**
 * How a tile's unit is edited: ratios in %, seconds in hours (the sizes a threshold has), counts as they are. `scale`
 * turns the API's value into the shown one.
 */
const THRESHOLD_UNITS = {
  ratio: { label: '%', scale: 100 },
  seconds: { label: 'hours', scale: 1 / 3600 },
};

const TOKEN_KEY = 'greenboard.ingest-token';

/** The settings on the page: GraphQL field, input name, reset name, label, whether it is a list, and its help. */
const FIELDS = [
  {
    field: 'defaultBranch', reset: 'DEFAULT_BRANCH', label: 'Default branch', list: false,
    help: 'The branch the HUD opens on and that commit health, test times and flaky tests count. Not set: the one GitHub reports.',
  },
  {
    field: 'blockingWorkflows', reset: 'BLOCKING_WORKFLOWS', label: 'Blocking workflows', list: true,
    help: 'Workflow names, one per line, whose jobs decide whether a commit is green. Empty: every workflow. Commit health reclassifies the repository on its next run.',
  },
  {
    field: 'hudColumnGroups', reset: 'HUD_COLUMN_GROUPS', label: 'HUD column groups', list: true,
    help: 'One group per line as Name=regex (RE2 syntax), in order: a job goes to the first group whose pattern finds a match in its name.',
  },
  {
    field: 'jobNamePattern', reset: 'JOB_NAME_PATTERN', label: 'Job name pattern', list: false,
    help: 'A regex with the named groups base (required), config, shard and shards, which splits job names for test times.',
  },
];

function storedToken() {
  try {
    return sessionStorage.getItem(TOKEN_KEY) || '';
  } catch (e) {
    return '';
  }
}

/** The ingest-token field of a form ("<form>-token"), filled with the token this browser kept. */
function tokenField(form) {
  return `<div class="setting">
        <label for="${form}-token"><span>Ingest token</span></label>
        <input id="${form}-token" name="token" type="password" value="${esc(storedToken())}" autocomplete="off">
      </div>`;
}

function rememberToken(token) {
  try {
    sessionStorage.setItem(TOKEN_KEY, token);
  } catch (e) {
    // Storage may be disabled: the token then has to be typed for each save.
  }
}

function control(f, setting) {
  const id = `setting-${f.field}`;
  const value = f.list ? setting.value.join('\n') : setting.value || '';
  const input = f.list
    ? `<textarea id="${id}" name="${f.field}" rows="${Math.max(3, setting.value.length + 1)}" spellcheck="false">${esc(value)}</textarea>`
    : `<input id="${id}" name="${f.field}" type="text" value="${esc(value)}" spellcheck="false" autocomplete="off">`;
  return `<div class="setting" data-field="${f.field}" data-set="${setting.set}">
    <label for="${id}"><span>${esc(f.label)}</span>
      <span class="origin ${setting.set ? 'set' : 'default'}">${setting.set ? 'set for this repository' : 'configured default'}</span></label>
    ${input}
    <label class="reset"><input type="checkbox" name="reset-${f.field}" value="${f.reset}"${setting.set ? '' : ' disabled'}> Return to the configured default</label>
    <p class="hint">${esc(f.help)}</p>
  </div>`;
}

/** The edit the form asks for: changed fields only, and the resets ticked. */
function edit(form, settings) {
  const input = { reset: [] };
  for (const f of FIELDS) {
    const box = form.elements[`reset-${f.field}`];
    if (box.checked) {
      input.reset.push(f.reset);
      continue;
    }
    const raw = form.elements[f.field].value;
    if (f.list) {
      const lines = raw.split('\n').map((line) => line.trim()).filter((line) => line);
      if (JSON.stringify(lines) !== JSON.stringify(settings[f.field].value)) input[f.field] = lines;
    } else {
      const text = raw.trim();
      if (text !== (settings[f.field].value || '')) input[f.field] = text;
    }
  }
  return input;
}

/** A backfill's progress as a definition list; each number has the name the GraphQL field has. */
function backfillProgress(b) {
  if (!b) return '<p class="muted" id="backfill-none">No backfill yet.</p>';
  const active = b.state === 'QUEUED' || b.state === 'RUNNING';
  const runs = b.runsTotal == null ? `${b.runsRead}` : `${b.runsRead} of ${b.runsTotal}`;
  const rows = [
    ['State', `<span class="backfill-state" data-state="${esc(b.state)}">${esc(b.state.toLowerCase())}</span>${active ? ` (${esc(b.phase.toLowerCase())})` : ''}`],
    ['Since', esc(new Date(b.since).toISOString().slice(0, 10))],
    ['Pages fetched', `<span data-field="pagesFetched">${b.pagesFetched}</span> (${b.pagesNotModified} unchanged, answered 304)`],
    ['Runs read', `<span data-field="runsRead">${esc(runs)}</span>`],
    ['Stored', `<span data-field="commitsStored">${b.commitsStored}</span> commits, <span data-field="runsStored">${b.runsStored}</span> runs, <span data-field="jobsStored">${b.jobsStored}</span> jobs, <span data-field="pullRequestsStored">${b.pullRequestsStored}</span> pull requests (new or changed)`],
  ];
  if (b.rateLimitRemaining != null) {
    rows.push(['Rate limit left', `<span data-field="rateLimitRemaining">${b.rateLimitRemaining}</span>${b.rateLimitReset ? `, resets ${esc(new Date(b.rateLimitReset).toLocaleTimeString())}` : ''}`]);
  }
  if (b.waitingUntil) rows.push(['Waiting for GitHub', `until ${esc(new Date(b.waitingUntil).toLocaleTimeString())}`]);
  if (active && b.eta) rows.push(['ETA', esc(new Date(b.eta).toLocaleString())]);
  if (b.finishedAt) rows.push(['Finished', esc(new Date(b.finishedAt).toLocaleString())]);
  if (b.error) rows.push(['Error', `<span class="error">${esc(b.error)}</span>`]);
  return `<dl class="backfill-progress" data-id="${esc(b.id)}">${rows.map(([k, v]) => `<dt>${k}</dt><dd>${v}</dd>`).join('')}</dl>`;
}

/** The Backfill section: a date, a start button, and the latest backfill's progress, polled while it runs. */
async function renderBackfill(section, repo) {
  let latest = null;
  try {
    latest = (await gql(BACKFILLS, { repo })).githubBackfills[0] || null;
  } catch (error) {
    section.querySelector('#backfill-status').innerHTML = errorState(error, 'the backfills');
    return;
  }
  const monthAgo = new Date(Date.now() - 30 * 86400000).toISOString().slice(0, 10);
  section.querySelector('#backfill-since').value = monthAgo;
  const status = section.querySelector('#backfill-status');
  let timer = null;
  const show = (b) => {
    status.innerHTML = backfillProgress(b);
    clearTimeout(timer);
    if (b && (b.state === 'QUEUED' || b.state === 'RUNNING')) {
      timer = setTimeout(async () => {
        if (!section.isConnected) return; // the page was left
        try {
          show((await gql(BACKFILL, { id: b.id })).githubBackfill);
        } catch (error) {
          status.insertAdjacentHTML('beforeend', `<p class="state error">Progress not read: ${esc(error.message)}</p>`);
        }
      }, POLL_MS);
    }
  };
  show(latest);
  const form = section.querySelector('#backfill-form');
  const result = section.querySelector('#backfill-result');
  form.addEventListener('submit', async (event) => {
    event.preventDefault();
    const token = form.elements.token.value.trim();
    rememberToken(token);
    result.className = 'loading';
    result.textContent = 'Starting…';
    try {
      const started = (await gql(START_BACKFILL, { repo, since: form.elements.since.value }, { token }))
        .startGitHubBackfill;
      result.className = 'state saved';
      result.textContent = `Backfill ${started.id} started.`;
      show(started);
    } catch (error) {
      result.className = 'state error';
      const hint = error instanceof ApiError && error.code === 'UNAUTHENTICATED' ? ' Enter an ingest token.' : '';
      result.textContent = `Not started: ${error.message}${hint}`;
    }
  });
}

function thresholdUnit(tile) {
  return THRESHOLD_UNITS[tile.unit] || { label: tile.unit, scale: 1 };
}

/** A threshold as the form shows it: in the tile's edit unit, without float noise (0.07 is "7", not "7.000000000000001"). */
function shownThreshold(tile, value) {
  if (value === null || value === undefined) return '';
  return String(Math.round(value * thresholdUnit(tile).scale * 1e6) / 1e6);
}

function thresholdOrigin(tile) {
  if (tile.thresholdsSet) return '<span class="origin set">set for this repository</span>';
  return tile.amber === null || tile.amber === undefined
    ? '<span class="origin default">no thresholds</span>'
    : '<span class="origin default">default</span>';
}

function thresholdRow(tile) {
  const unit = thresholdUnit(tile);
  const input = (which) => `<input id="threshold-${esc(tile.name)}-${which}" name="${which}" type="number" min="0" step="any"
      inputmode="decimal" value="${esc(shownThreshold(tile, tile[which]))}" aria-label="${esc(tile.title)}: ${which} from (${esc(unit.label)})">`;
  return `<tr data-tile="${esc(tile.name)}">
    <th scope="row">${esc(tile.title)} <code>${esc(tile.name)}</code></th>
    <td>${input('amber')}</td>
    <td>${input('red')}</td>
    <td class="unit">${esc(unit.label)}</td>
    <td class="threshold-origin">${thresholdOrigin(tile)}</td>
    <td><p class="field-error" id="threshold-${esc(tile.name)}-error" role="alert"></p></td>
  </tr>`;
}

/**
 * The value to send for one input: the shown number back in the API's unit, null when empty. An input the browser
 * cannot read as a number (validity.badInput) is an error of its own, not an empty field.
 */
function thresholdValue(tile, input) {
  if (input.validity && input.validity.badInput) throw new Error(`"${input.name}" is not a number`);
  const raw = input.value.trim();
  return raw === '' ? null : Number(raw) / thresholdUnit(tile).scale;
}

/** The Tile thresholds section: every tile with its thresholds in force; Save sends the changed tiles only. */
async function renderThresholds(section, repo) {
  const table = section.querySelector('#thresholds-table');
  let tiles;
  try {
    tiles = (await gql(TILES, { repo })).metricTiles.tiles;
  } catch (error) {
    table.innerHTML = errorState(error, 'the tiles');
    return;
  }
  const byName = new Map(tiles.map((t) => [t.name, t]));
  table.innerHTML = `<table class="thresholds">
    <thead><tr><th scope="col">Tile</th><th scope="col">Amber from</th><th scope="col">Red from</th><th scope="col">Unit</th>
      <th scope="col">Thresholds</th><th scope="col"><span class="sr">Error</span></th></tr></thead>
    <tbody>${tiles.map(thresholdRow).join('')}</tbody></table>`;
  const form = section.querySelector('#thresholds-form');
  const result = section.querySelector('#thresholds-result');
  form.addEventListener('submit', async (event) => {
    event.preventDefault();
    const edits = [];
    for (const row of table.querySelectorAll('tr[data-tile]')) {
      const tile = byName.get(row.dataset.tile);
      const error = row.querySelector('.field-error');
      error.textContent = '';
      const amberInput = row.querySelector('input[name=amber]');
      const redInput = row.querySelector('input[name=red]');
      const unchanged = amberInput.value.trim() === shownThreshold(tile, tile.amber)
        && redInput.value.trim() === shownThreshold(tile, tile.red);
      // Emptying both fields of defaults that are in force anyway changes nothing.
      const emptiedDefaults = !tile.thresholdsSet && !amberInput.value.trim() && !redInput.value.trim();
      if (unchanged || emptiedDefaults) continue;
      try {
        edits.push({ tile, row, amber: thresholdValue(tile, amberInput), red: thresholdValue(tile, redInput) });
      } catch (e) {
        error.textContent = e.message;
      }
    }
    if (!edits.length) {
      const unreadable = table.querySelector('.field-error:not(:empty)') !== null;
      result.className = unreadable ? 'state error' : 'state empty';
      result.textContent = unreadable ? 'Not saved: see the tiles marked.' : 'Nothing changed.';
      return;
    }
    const token = form.elements.token.value.trim();
    rememberToken(token);
    result.className = 'loading';
    result.textContent = 'Saving…';
    const outcomes = await Promise.allSettled(edits.map((e) => gql(SET_THRESHOLD,
      { repo, tile: e.tile.name, amber: e.amber, red: e.red }, { token })));
    let saved = 0;
    let unauthenticated = false;
    outcomes.forEach((outcome, i) => {
      const { tile, row } = edits[i];
      if (outcome.status === 'fulfilled') {
        saved++;
        const now = { ...tile, ...outcome.value.setMetricThreshold };
        byName.set(tile.name, now);
        row.querySelector('input[name=amber]').value = shownThreshold(now, now.amber);
        row.querySelector('input[name=red]').value = shownThreshold(now, now.red);
        row.querySelector('.threshold-origin').innerHTML = thresholdOrigin(now);
      } else {
        const error = outcome.reason;
        unauthenticated = unauthenticated || (error instanceof ApiError && error.code === 'UNAUTHENTICATED');
        row.querySelector('.field-error').textContent = error.message;
      }
    });
    const failed = edits.length - saved;
    result.className = failed ? 'state error' : 'state saved';
    result.textContent = failed
      ? `Saved ${saved} of ${edits.length} tiles; the others are marked.${unauthenticated ? ' Enter an ingest token.' : ''}`
      : `Saved ${saved} tile${saved === 1 ? '' : 's'}.`;
  });
}

export async function render(main, { params }) {
  const repo = `${params.owner}/${params.name}`;
  setTitle('Settings', repo);
  loading(main, 'settings');
  let settings;
  try {
    settings = (await gql(READ, { repo })).repositorySettings;
  } catch (error) {
    main.innerHTML = errorState(error, `the settings of ${repo}`);
    return;
  }
  main.innerHTML = `<article class="settings">
    <header class="page-head">
      <p class="crumbs"><a href="${esc(hudUrl(repo, null, null))}">${esc(repo)}</a> › settings</p>
      <h1>Settings</h1>
      <p class="muted">Version ${settings.version}${settings.updatedAt ? `, last changed ${esc(new Date(settings.updatedAt).toLocaleString())}` : ', never changed'}. ${queryLink(READ.replace('$repo', JSON.stringify(repo)), 'these settings')}</p>
    </header>
    <form id="settings-form" class="settings-form" autocomplete="off">
      ${FIELDS.map((f) => control(f, settings[f.field])).join('')}
      <div class="setting">
        <label for="setting-token"><span>Ingest token</span></label>
        <input id="setting-token" name="token" type="password" value="${esc(storedToken())}" autocomplete="off">
        <p class="hint">Changing settings needs an ingest token (GREENBOARD_INGEST_TOKENS, or the one in the data dir). It is kept in this tab only.</p>
      </div>
      <div><button type="submit">Save</button></div>
      <p id="settings-result" role="status" aria-live="polite"></p>
    </form>
    <section class="thresholds-section" id="thresholds" aria-labelledby="thresholds-h">
      <h2 id="thresholds-h">Tile thresholds</h2>
      <p class="hint">From which value each tile of the metrics page is amber and red (higher is worse for every tile). Empty both fields to return a tile to its defaults. ${queryLink(TILES.replace('$repo', JSON.stringify(repo)), 'the tiles')}</p>
      <form id="thresholds-form" class="settings-form" autocomplete="off" novalidate>
        <div id="thresholds-table"><p class="loading" role="status">Loading…</p></div>
        ${tokenField('thresholds')}
        <div><button type="submit" id="thresholds-save">Save thresholds</button></div>
        <p id="thresholds-result" role="status" aria-live="polite"></p>
      </form>
    </section>
    <section class="backfill" id="backfill">
      <h2>Backfill</h2>
      <p class="hint">Reads this repository's default-branch commits, workflow runs with their jobs (every attempt) and pull requests since a date from GitHub's API, and stores them as their webhooks would have been. Running it again, or while webhooks arrive, changes nothing that is already stored. Needs GREENBOARD_GITHUB_TOKEN on the server.</p>
      <form id="backfill-form" class="settings-form" autocomplete="off">
        <div class="setting">
          <label for="backfill-since"><span>Since</span></label>
          <input id="backfill-since" name="since" type="date" required>
        </div>
        ${tokenField('backfill')}
        <div><button type="submit" id="backfill-start">Start backfill</button></div>
        <p id="backfill-result" role="status" aria-live="polite"></p>
      </form>
      <div id="backfill-status" aria-live="polite"></div>
    </section>
  </article>`;
  renderThresholds(main.querySelector('#thresholds'), repo);
  renderBackfill(main.querySelector('#backfill'), repo);

  const form = main.querySelector('#settings-form');
  const result = main.querySelector('#settings-result');
  form.addEventListener('submit', async (event) => {
    event.preventDefault();
    const input = edit(form, settings);
    const changed = input.reset.length || FIELDS.some((f) => f.field in input);
    if (!changed) {
      result.className = 'state empty';
      result.textContent = 'Nothing changed.';
      return;
    }
    const token = form.elements.token.value.trim();
    rememberToken(token);
    result.className = 'loading';
    result.textContent = 'Saving…';
    try {
      const saved = (await gql(UPDATE, { repo, version: settings.version, settings: input }, { token }))
        .updateRepositorySettings;
      await render(main, { params });
      const again = main.querySelector('#settings-result');
      again.className = 'state saved';
      again.textContent = `Saved: version ${saved.version}.`;
    } catch (error) {
      result.className = 'state error';
      const hint = error instanceof ApiError && error.code === 'CONFLICT'
        ? ' Reload the page to see the current settings, then make the change again.'
        : error instanceof ApiError && error.code === 'UNAUTHENTICATED' ? ' Enter an ingest token above.' : '';
      result.textContent = `Not saved: ${error.message}${hint}`;
    }
  });
}
