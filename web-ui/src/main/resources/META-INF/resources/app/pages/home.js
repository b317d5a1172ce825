// "/" shows the HUD of the first repository (by name) on its default branch.

import { gql } from '../api.js';
import { emptyState, errorState, hudUrl, setTitle } from '../ui.js';

const QUERY = 'query Home { repositories(first: 1) { edges { node { fullName defaultBranch } } } }';

export async function render(main) {
  setTitle();
  let data;
  try {
    data = await gql(QUERY);
  } catch (error) {
    main.innerHTML = errorState(error, 'the list of repositories');
    return;
  }
  const first = data.repositories.edges[0];
  if (first) {
    location.replace(hudUrl(first.node.fullName, first.node.defaultBranch, null));
    return;
  }
  main.innerHTML = `<h1>Welcome to Greenboard</h1>${emptyState('No data yet',
    'No repository has sent anything yet. As soon as one webhook or test report arrives, this page shows its HUD.')}`;
}
