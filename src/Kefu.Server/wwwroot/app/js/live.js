// Live views: the seam between the UI and the server's change feed.
//
// Today every live view polls its own loader while the tab is visible. When the chat helper's
// SignalR hub (/hubs/chat) is on main, replace the body of `watch` with a hub subscription that
// calls `refresh` when an event for `topic` arrives ('inbox', 'wall', 'ticket:<number>',
// 'portal:<number>'), keep a slow poll (e.g. 60 s) as the fall-back, and nothing else changes:
// callers only ever see watch(topic, refresh) → stop().

const DEFAULT_INTERVAL = { inbox: 10000, wall: 5000 };

export function watch(topic, refresh, intervalMs) {
  const every = intervalMs ?? DEFAULT_INTERVAL[topic] ?? 5000;
  let busy = false;
  const tick = async () => {
    if (busy || document.hidden) return;
    busy = true;
    try { await refresh(); } catch { /* a failed poll is retried on the next tick */ } finally { busy = false; }
  };
  const timer = setInterval(tick, every);
  const onVisible = () => { if (!document.hidden) tick(); };
  document.addEventListener('visibilitychange', onVisible);
  return () => {
    clearInterval(timer);
    document.removeEventListener('visibilitychange', onVisible);
  };
}
