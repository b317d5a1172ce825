// The one way pages read data: the public GraphQL API at /graphql (POST, GraphQL over HTTP).

/** A failed query: `code` is the API's extensions.code (NOT_FOUND, BAD_USER_INPUT, ...), `data` any partial data. */
export class ApiError extends Error {
  constructor(message, { code = null, status = null, network = false, data = null } = {}) {
    super(message);
    this.name = 'ApiError';
    this.code = code;
    this.status = status;
    this.network = network;
    this.data = data;
  }
}

/**
 * Runs a query; resolves to its `data`, rejects with an ApiError when the answer has `errors`. `token` (an ingest
 * token the reader typed in) is sent only for the few mutations that change data.
 */
export async function gql(query, variables = {}, { signal, token } = {}) {
  let response;
  const headers = {
    'Content-Type': 'application/json',
    Accept: 'application/graphql-response+json, application/json;q=0.9',
  };
  if (token) headers.Authorization = `Bearer ${token}`;
  try {
    response = await fetch('/graphql', {
      method: 'POST',
      headers,
      body: JSON.stringify({ query, variables }),
      signal,
    });
  } catch (e) {
    if (e.name === 'AbortError') throw e;
    throw new ApiError(`The request to /graphql failed (${e.message}).`, { network: true });
  }
  let body;
  try {
    body = await response.json();
  } catch (e) {
    throw new ApiError(`/graphql answered HTTP ${response.status} without a GraphQL response.`, {
      status: response.status,
      network: response.status >= 500 || response.status === 0,
    });
  }
  if (body.errors && body.errors.length) {
    const first = body.errors[0];
    throw new ApiError(first.message, {
      code: first.extensions && first.extensions.code,
      status: response.status,
      data: body.data || null,
    });
  }
  return body.data;
}
