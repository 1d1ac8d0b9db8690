// The agent app's shell: sign-in, top bar, language switch and the router for /app, /app/tickets/N,
// /app/wall and /app/admin. Each page module exports mount(main, context) → unmount.
import { api, get, post, put, prefetch, ApiError } from './api.js';
import { h, replace, field, select, announce } from './dom.js';
import { LOCALES, initialLocale, loadLocale, locale, t, term } from './i18n.js';
import { setZone } from './time.js';
import { disconnect } from './live.js';
import { mountNotices } from './notices.js';

const noticeSlot = h('span', { class: 'notice-slot' });

const main = document.getElementById('main');
const topbar = document.getElementById('topbar');
let context = null;
let unmount = null;
let mounted = null;
let stopNotices = null;

export function navigate(path, { replace: replaceState = false } = {}) {
  if (location.pathname + location.search !== path) {
    history[replaceState ? 'replaceState' : 'pushState'](null, '', path);
  }
  route();
}

document.addEventListener('click', (event) => {
  const link = event.target.closest('a[data-link]');
  if (!link || event.ctrlKey || event.metaKey || event.shiftKey || event.button !== 0) return;
  event.preventDefault();
  navigate(link.getAttribute('href'));
});
window.addEventListener('popstate', () => route());

async function route() {
  if (!context) return;
  const path = location.pathname.replace(/\/+$/, '') || '/app';
  let page;
  if (path.startsWith('/app/wall')) page = await import('./wall.js');
  else if (path.startsWith('/app/admin')) page = await import('./admin.js');
  else page = await import('./workbench.js');
  renderTopbar(path);
  // A page that can follow the new address itself (the workbench opening another ticket) keeps its state.
  if (mounted?.page === page && mounted.update?.(path)) return;
  const previous = unmount;
  unmount = null;
  mounted = null;
  if (previous) previous();
  const result = await page.mount(main, context, { path, navigate });
  unmount = typeof result === 'function' ? result : result.unmount;
  mounted = { page, update: result.update };
}

function renderTopbar(path) {
  // The button keeps its count across page changes; only a new sign-in or language builds it again.
  if (!stopNotices || noticeSlot.dataset.locale !== locale()) {
    if (stopNotices) stopNotices();
    noticeSlot.dataset.locale = locale();
    stopNotices = mountNotices(noticeSlot, navigate);
  }
  const role = context.agent.role;
  const links = [['/app', 'nav.workbench']];
  if (role === 'supervisor' || role === 'admin') links.push(['/app/wall', 'nav.wall']);
  if (role === 'admin') links.push(['/app/admin', 'nav.admin']);
  const active = (href) => (href === '/app' ? !path.startsWith('/app/wall') && !path.startsWith('/app/admin') : path.startsWith(href));
  const availability = select(
    ['online', 'busy', 'away', 'offline'].map((v) => [v, term('availability', v)]), context.availability,
    { id: 'availability', 'aria-label': t('topbar.availability'), onchange: async (e) => {
      try {
        await put('/agents/me/availability', { availability: e.target.value });
        context.availability = e.target.value;
        announce(t('topbar.availabilitySaved'));
      } catch (error) { announce(error.message, 'error'); }
    } });
  replace(topbar,
    h('span', { class: 'brand', text: t('app.brand') }),
    h('nav', { 'aria-label': t('nav.label') }, links.map(([href, key]) =>
      h('a', { href, 'data-link': true, 'aria-current': active(href) ? 'page' : null, text: t(key) }))),
    h('span', { class: 'spacer' }),
    noticeSlot,
    h('span', { class: 'who', text: `${context.agent.displayName} · ${t('topbar.agentNumber')} ${context.agent.agentNumber}` }),
    availability,
    languageSwitch(),
    h('button', { type: 'button', class: 'ghost', text: t('topbar.signOut'), onclick: async () => {
      await post('/auth/sign-out');
      context = null;
      showSignIn();
    } }));
}

export function languageSwitch() {
  return select(LOCALES, locale(), { 'aria-label': t('topbar.language'), id: 'language', onchange: async (e) => {
    await loadLocale(e.target.value);
    mounted = null;
    if (context) route(); else showSignIn();
  } });
}

function showSignIn(message) {
  if (unmount) { unmount(); unmount = null; }
  if (stopNotices) { stopNotices(); stopNotices = null; }
  disconnect();
  mounted = null;
  replace(topbar, h('span', { class: 'brand', text: t('app.brand') }), h('span', { class: 'spacer' }), languageSwitch());
  const workspace = h('input', { name: 'workspace', autocomplete: 'organization', required: true, value: localStorage.getItem('kefu.workspace') || '' });
  const login = h('input', { name: 'login', autocomplete: 'username', required: true });
  const password = h('input', { name: 'password', type: 'password', autocomplete: 'current-password', required: true });
  const error = h('p', { class: 'error', role: 'alert', text: message || '' });
  const form = h('form', { class: 'card signin', onsubmit: async (event) => {
    event.preventDefault();
    error.textContent = '';
    try {
      await post('/auth/sign-in', { workspace: workspace.value.trim(), login: login.value.trim(), password: password.value });
      localStorage.setItem('kefu.workspace', workspace.value.trim());
      await start(get('/workbench/context'));
    } catch (e) {
      error.textContent = e instanceof ApiError && e.status === 401 ? t('signin.failed') : e.message;
    }
  } },
  h('h1', { text: t('signin.title') }),
  field(t('signin.workspace'), workspace),
  field(t('signin.login'), login, t('signin.loginHint')),
  field(t('signin.password'), password),
  error,
  h('button', { type: 'submit', class: 'primary', text: t('signin.submit') }));
  replace(main, form);
  (workspace.value ? login : workspace).focus();
}

async function start(pendingContext = get('/workbench/context')) {
  try {
    context = await pendingContext;
  } catch (e) {
    if (e instanceof ApiError && e.status === 401) { showSignIn(); return; }
    throw e;
  }
  setZone(context.timeZone);
  await route();
}

window.addEventListener('unhandledrejection', (event) => {
  if (event.reason instanceof ApiError && event.reason.status === 401) { context = null; showSignIn(t('signin.expired')); }
});

// The text and the agent's context load side by side: the first screen waits for one round trip, not two.
const firstContext = get('/workbench/context');
firstContext.catch(() => {});
const opened = location.pathname.match(/^\/app\/tickets\/(\d+)/)?.[1];
if (opened) {
  prefetch(`/tickets/${opened}`);
  prefetch(`/macros?ticket=${opened}`);
}
await loadLocale(initialLocale());
await start(firstContext);
export { api };
