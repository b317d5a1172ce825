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
  </article>`;

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
