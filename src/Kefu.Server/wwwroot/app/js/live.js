// Live views: the seam between the UI and the server's change feed.
//
// Agent pages listen on the SignalR hub (/hubs/chat, signed in by the session cookie): a ticket's
// messages and state changes refresh that ticket, any activity on a visible ticket refreshes the inbox
// and the wall. While the hub is connected a slow poll (60 s) still catches what the hub does not carry
// (SLA warnings that only age); while it is not, every view polls at its old pace. The portal's
// customer session is not a hub identity, so 'portal:' topics only poll.
// Callers only ever see watch(topic, refresh) → stop().

const POLL_INTERVAL = { inbox: 10000, wall: 5000 };

// Topics any activity on a visible ticket may change.
const LIST_TOPICS = new Set(['inbox', 'wall', 'notifications']);
const CONNECTED_INTERVAL = 60000;
const SETTLE_MS = 150;

const watchers = new Set();
let hub = null;
let starting = null;

function setState(state) {
  document.documentElement.dataset.live = state;
  for (const w of watchers) w.reschedule();
}

const connected = () => hub?.state === 'Connected';

function loadClient() {
  if (window.signalR) return Promise.resolve();
  return new Promise((resolve, reject) => {
    const script = document.createElement('script');
    script.src = '/widget/lib/signalr.min.js';
    script.onload = resolve;
    script.onerror = reject;
    document.head.appendChild(script);
  });
}

const ticketOf = (topic) => (topic.startsWith('ticket:') ? Number(topic.slice(7)) : null);

function notify(number) {
  for (const w of watchers) {
    if (LIST_TOPICS.has(w.topic) || (number !== null && w.ticket === number)) w.poke();
  }
}

async function joinTickets() {
  for (const w of watchers) {
    if (w.ticket !== null) await hub.invoke('WatchTicket', w.ticket).catch(() => {});
  }
}

function start() {
  if (starting) return starting;
  starting = (async () => {
    try {
      await loadClient();
      hub = new window.signalR.HubConnectionBuilder()
        .withUrl('/hubs/chat')
        .withAutomaticReconnect({ nextRetryDelayInMilliseconds: (ctx) => Math.min(30000, 1000 * 2 ** Math.min(ctx.previousRetryCount, 5)) })
        .configureLogging(window.signalR.LogLevel.None)
        .build();
      hub.on('Message', (e) => notify(e.ticketNumber));
      hub.on('TicketState', (e) => notify(e.ticketNumber));
      hub.on('TicketActivity', (e) => notify(e.ticketNumber));
      hub.onreconnecting(() => setState('poll'));
      hub.onreconnected(async () => {
        // Pushes sent while away are lost: rejoin the tickets and reload everything once.
        setState('hub');
        await joinTickets();
        for (const w of watchers) w.poke();
      });
      hub.onclose(() => { hub = null; starting = null; setState('poll'); });
      await hub.start();
      setState('hub');
      await joinTickets();
    } catch {
      hub = null;
      starting = null;
      setState('poll');
    }
  })();
  return starting;
}

export function watch(topic, refresh, intervalMs) {
  const pollEvery = intervalMs ?? POLL_INTERVAL[topic] ?? 5000;
  let busy = false;
  let again = false;
  let timer = null;
  let settle = null;

  const run = async () => {
    if (document.hidden) return;
    if (busy) { again = true; return; }
    busy = true;
    try { await refresh(); } catch { /* a failed refresh is retried on the next event or tick */ } finally { busy = false; }
    if (again) { again = false; run(); }
  };

  const watcher = {
    topic,
    ticket: ticketOf(topic),
    // A burst of events (a reply, its audit row, the state change) costs one reload.
    poke() { clearTimeout(settle); settle = setTimeout(run, SETTLE_MS); },
    reschedule() {
      clearInterval(timer);
      timer = setInterval(run, connected() ? CONNECTED_INTERVAL : pollEvery);
    },
  };
  watchers.add(watcher);
  watcher.reschedule();

  if (!topic.startsWith('portal:')) {
    if (connected() && watcher.ticket !== null) hub.invoke('WatchTicket', watcher.ticket).catch(() => {});
    else start();
  }

  const onVisible = () => { if (!document.hidden) run(); };
  document.addEventListener('visibilitychange', onVisible);
  return () => {
    watchers.delete(watcher);
    clearInterval(timer);
    clearTimeout(settle);
    document.removeEventListener('visibilitychange', onVisible);
    if (connected() && watcher.ticket !== null && ![...watchers].some((w) => w.ticket === watcher.ticket)) {
      hub.invoke('UnwatchTicket', watcher.ticket).catch(() => {});
    }
  };
}

/** Stops the hub (sign-out): the next watch starts a connection under the new session. */
export async function disconnect() {
  const current = hub;
  hub = null;
  starting = null;
  if (current) await current.stop().catch(() => {});
}
