// The page shell's router: every page is a permalink whose path says what it shows. The gateway answers these paths
// with index.html (dev.greenboard.web.WebUiRoutes: keep its list of first segments in step with ROUTES).

import { esc, errorState, flakyUrl, hudUrl, metricsUrl, settingsUrl, testsUrl } from './ui.js';

const ROUTES = [
  { pattern: /^\/$/, page: 'home', keys: [] },
  { pattern: /^\/hud\/([^/]+)\/([^/]+)(?:\/(.+?))?\/?$/, page: 'hud', keys: ['owner', 'name', 'branch'] },
  { pattern: /^\/commit\/([^/]+)\/([^/]+)\/([^/]+)\/?$/, page: 'commit', keys: ['owner', 'name', 'sha'] },
  { pattern: /^\/pr\/([^/]+)\/([^/]+)\/(\d+)\/?$/, page: 'pr', keys: ['owner', 'name', 'number'] },
  { pattern: /^\/job\/(\d+)\/?$/, page: 'job', keys: ['id'] },
  { pattern: /^\/tests\/([^/]+)\/([^/]+)\/?$/, page: 'tests', keys: ['owner', 'name'] },
  { pattern: /^\/test\/([^/]+)\/([^/]+)\/?$/, page: 'test', keys: ['owner', 'name'] },
  { pattern: /^\/metrics\/([^/]+)\/([^/]+)\/?$/, page: 'metrics', keys: ['owner', 'name'] },
  { pattern: /^\/tts\/([^/]+)\/([^/]+)\/?$/, page: 'tts', keys: ['owner', 'name'] },
  { pattern: /^\/kpis\/([^/]+)\/([^/]+)\/?$/, page: 'kpis', keys: ['owner', 'name'] },
  { pattern: /^\/flaky\/([^/]+)\/([^/]+)\/?$/, page: 'flaky', keys: ['owner', 'name'] },
  { pattern: /^\/settings\/([^/]+)\/([^/]+)\/?$/, page: 'settings', keys: ['owner', 'name'] },
  { pattern: /^\/queries(?:\/([^/]+))?\/?$/, page: 'queries', keys: ['path'] },
  { pattern: /^\/help\/?$/, page: 'help', keys: [] },
];

/** The repository the reader was last looking at, so that the navigation can offer its HUD and tests. */
const REPO_KEY = 'greenboard.repo';

export function match(pathname) {
  for (const route of ROUTES) {
    const found = route.pattern.exec(pathname);
    if (found) {
      const params = {};
      route.keys.forEach((key, i) => {
        if (found[i + 1] !== undefined) params[key] = found[i + 1].split('/').map(decodeURIComponent).join('/');
      });
      return { page: route.page, params };
    }
  }
  return null;
}

/**
 * The main navigation. Items that need a repository appear only once one is known, so that no link leads nowhere.
 */
function navItems(repo, current) {
  const items = [];
  if (repo) {
    items.push({ href: hudUrl(repo, null, null), text: 'HUD', active: current === 'hud' || current === 'commit' || current === 'pr' || current === 'job' });
    items.push({ href: testsUrl(repo), text: 'Tests', active: current === 'tests' || current === 'test' });
    items.push({ href: metricsUrl(repo), text: 'Metrics', active: current === 'metrics' || current === 'tts' || current === 'kpis' });
    items.push({ href: flakyUrl(repo), text: 'Test health', active: current === 'flaky' });
    items.push({ href: settingsUrl(repo), text: 'Settings', active: current === 'settings' });
  }
  items.push({ href: '/queries', text: 'Queries', active: current === 'queries' });
  items.push({ href: '/help', text: 'Sending data', active: current === 'help' });
  items.push({ href: '/graphiql', text: 'GraphiQL', active: false });
  return items;
}

export function renderNav(repo, current) {
  const nav = document.getElementById('nav');
  nav.innerHTML = `<ul>${navItems(repo, current)
    .map((item) => `<li><a href="${esc(item.href)}"${item.active ? ' aria-current="page"' : ''}>${esc(item.text)}</a></li>`)
    .join('')}</ul>${repo ? `<span class="nav-repo" title="Current repository">${esc(repo)}</span>` : ''}`;
}

/** Pages that learn their repository only from data (the job page) call this to update the navigation. */
export function rememberRepo(repo, current) {
  try {
    localStorage.setItem(REPO_KEY, repo);
  } catch (e) {
    // Storage may be disabled; the navigation then only knows the repository of the current address.
  }
  renderNav(repo, current);
}

async function start() {
  const main = document.getElementById('main');
  const route = match(location.pathname);
  if (!route) {
    renderNav(null, null);
    main.innerHTML = `<section class="state error" role="alert"><h2>No such page</h2>
      <p>Greenboard has no page at <code>${esc(location.pathname)}</code>. Start from <a href="/">the HUD</a>.</p></section>`;
    return;
  }
  let repo = route.params.owner ? `${route.params.owner}/${route.params.name}` : null;
  if (repo) {
    rememberRepo(repo, route.page);
  } else {
    try {
      repo = localStorage.getItem(REPO_KEY);
    } catch (e) {
      repo = null;
    }
    renderNav(repo, route.page);
  }
  try {
    const module = await import(`./pages/${route.page}.js`);
    await module.render(main, { ...route, query: new URLSearchParams(location.search) });
  } catch (error) {
    main.innerHTML = errorState(error, 'this page');
  }
  document.body.dataset.ready = 'true';
}

start();
