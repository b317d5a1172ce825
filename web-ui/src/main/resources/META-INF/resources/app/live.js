// Live updates: one GraphQL subscription over WebSocket (graphql-transport-ws, the protocol the API speaks on /graphql).
// When the socket cannot be kept open the caller is told to poll instead (at most every 60 s).

const PROTOCOL = 'graphql-transport-ws';
const MAX_BACKOFF_MS = 60_000;
/** After this many failed connections in a row the state becomes 'polling' (reconnects continue in the background). */
const FAILURES_BEFORE_POLLING = 2;

/**
 * Subscribes and calls `onData(data)` for every `next` message. `onState(state)` hears 'connecting', 'live',
 * 'polling' (the socket is down: poll) and 'closed'. Returns `{ close() }`.
 */
export function subscribe(query, variables, onData, onState = () => {}) {
  const url = `${location.protocol === 'https:' ? 'wss' : 'ws'}://${location.host}/graphql`;
  let socket = null;
  let closed = false;
  let failures = 0;
  let retryTimer = null;

  function connect() {
    if (closed) return;
    onState(failures >= FAILURES_BEFORE_POLLING ? 'polling' : 'connecting');
    let acknowledged = false;
    try {
      socket = new WebSocket(url, PROTOCOL);
    } catch (e) {
      scheduleRetry();
      return;
    }
    socket.addEventListener('open', () => socket.send(JSON.stringify({ type: 'connection_init', payload: {} })));
    socket.addEventListener('message', (event) => {
      let message;
      try {
        message = JSON.parse(event.data);
      } catch (e) {
        return;
      }
      switch (message.type) {
        case 'connection_ack':
          acknowledged = true;
          failures = 0;
          socket.send(JSON.stringify({ id: '1', type: 'subscribe', payload: { query, variables } }));
          onState('live');
          break;
        case 'next':
          if (message.payload && message.payload.data) onData(message.payload.data);
          break;
        case 'ping':
          socket.send(JSON.stringify({ type: 'pong' }));
          break;
        case 'error':
        case 'complete':
          // The server ended this subscription: start over on a new connection.
          socket.close();
          break;
        default:
          break;
      }
    });
    socket.addEventListener('close', () => {
      if (closed) return;
      if (!acknowledged) failures++;
      scheduleRetry();
    });
  }

  function scheduleRetry() {
    if (closed) return;
    if (failures >= FAILURES_BEFORE_POLLING) onState('polling');
    const delay = Math.min(MAX_BACKOFF_MS, 1000 * 2 ** Math.min(failures, 6));
    retryTimer = setTimeout(connect, delay);
  }

  connect();
  return {
    close() {
      closed = true;
      clearTimeout(retryTimer);
      if (socket) socket.close();
      onState('closed');
    },
  };
}
