// The customer portal: opened from the host platform with a signed link, it shows the customer's
// own tickets with their progress, promised times, a nudge button, a form to add information, and
// the official-agent check. Everything here is the customer's view: public entries only.
import { ApiError } from './api.js';
import { h, replace, field, announce } from './dom.js';
import { LOCALES, initialLocale, loadLocale, locale, t, term } from './i18n.js';
import { setZone, when, left } from './time.js';
import { watch } from './live.js';
import { renderTimeline } from './timeline.js';

const main = document.getElementById('main');
const topbar = document.getElementById('topbar');
let me = null;
let stop = () => {};

async function call(path, { method = 'GET', body } = {}) {
  const headers = { Accept: 'application/json' };
  if (method !== 'GET') headers['X-Kefu-Request'] = '1';
  if (body !== undefined) headers['Content-Type'] = 'application/json';
  const response = await fetch(path, { method, headers, credentials: 'same-origin', body: body === undefined ? undefined : JSON.stringify(body) });
  const data = response.status === 204 || !response.headers.get('content-type')?.includes('json') ? null : await response.json();
  if (!response.ok) throw new ApiError(response.status, data);
  return data;
}

const STEPS = ['received', 'inProgress', 'waitingOnYou', 'solved'];
function stepOf(status) {
  if (status === 'new') return 0;
  if (status === 'needsInfo' || status === 'waitingOnCustomer') return 2;
  if (status === 'solved' || status === 'closed') return 3;
  return 1;
}

function renderTopbar() {
  replace(topbar,
    h('span', { class: 'brand', text: me ? me.workspaceName : t('app.brand') }),
    h('span', { class: 'spacer' }),
    me ? h('span', { class: 'who', text: me.name }) : null,
    h('select', { 'aria-label': t('topbar.language'), id: 'language', onchange: async (e) => { await loadLocale(e.target.value); renderTopbar(); route(); } },
      LOCALES.map(([code, label]) => h('option', { value: code, selected: code === locale(), text: label }))));
}

async function route() {
  stop();
  stop = () => {};
  const number = Number(new URLSearchParams(location.search).get('ticket')) || null;
  if (number) await showTicket(number); else await showList();
}

function go(search) {
  history.pushState(null, '', `/portal${search}`);
  route();
}
window.addEventListener('popstate', () => route());

async function showList() {
  const page = await call('/api/v1/portal/tickets');
  replace(main,
    h('h1', { text: t('portal.myTickets') }),
    page.items.length === 0 ? h('p', { class: 'muted', text: t('portal.noTickets') }) :
      h('ul', { class: 'portal-list', role: 'list' }, page.items.map((ticket) => h('li', { class: 'card' },
        h('a', { href: `/portal?ticket=${ticket.number}`, onclick: (e) => { e.preventDefault(); go(`?ticket=${ticket.number}`); } },
          h('span', { class: 'num', text: `#${ticket.number}` }), ' ', h('span', { text: ticket.subject })),
        h('span', { class: `badge status-${ticket.status}`, text: term('portalStatus', ticket.status) }),
        h('span', { class: 'muted small', text: when(ticket.createdAt) })))),
    agentCheck());
}

async function showTicket(number) {
  const box = h('div', { 'aria-busy': 'true' });
  replace(main, h('p', {}, h('a', { href: '/portal', onclick: (e) => { e.preventDefault(); go(''); }, text: `← ${t('portal.back')}` })), box, agentCheck());
  const csat = csatForm(number);
  const draw = async () => {
    const ticket = await call(`/api/v1/portal/tickets/${number}`);
    const step = stepOf(ticket.status);
    const running = ticket.sla.clocks.filter((c) => c.state === 'running' && c.dueAt && c.metric !== 'resolution' && c.metric !== 'promise');
    const text = h('textarea', { rows: 4, required: true, maxlength: 20000, id: 'add-info' });
    const open = ticket.status !== 'closed';
    replace(box,
      h('h1', {}, h('span', { class: 'num', text: `#${ticket.number} ` }), h('span', { text: ticket.subject })),
      h('ol', { class: 'progress', 'aria-label': t('portal.progress') }, STEPS.map((s, i) =>
        h('li', { class: i < step ? 'done' : i === step ? 'current' : '', 'aria-current': i === step ? 'step' : null, text: t(`portal.step.${s}`) }))),
      h('section', { class: 'card promises', 'aria-label': t('portal.times') },
        ticket.sla.promisedBy ? h('p', { class: 'promise-line', id: 'promised', text: t('portal.promised', { time: when(ticket.sla.promisedBy) }) }) : null,
        running.map((c) => h('p', { text: t('portal.expected', { what: term('metric', c.metric), time: when(c.dueAt), left: left(c.dueAt) }) })),
        !ticket.sla.promisedBy && running.length === 0 ? h('p', { class: 'muted', text: t(step === 3 ? 'portal.done' : 'portal.noTimes') }) : null,
        ticket.sla.escalationLevel > 0 ? h('p', { class: 'warn', text: t('portal.escalated') }) : null,
        step < 3 ? h('button', { type: 'button', id: 'nudge', onclick: async () => {
          try {
            const answer = await call(`/api/v1/portal/tickets/${number}/nudge`, { method: 'POST', body: {} });
            announce(t(`portal.nudge.${answer.outcome}`, { time: answer.dueAt ? when(answer.dueAt) : '' }));
            await draw();
          } catch (error) { announce(error.status === 429 ? t('portal.nudge.tooSoon') : error.message, 'error'); }
        }, text: t('portal.nudge') }) : null),
      step === 3 ? csat : null,
      h('h2', { text: t('portal.history') }),
      renderTimeline(ticket, { audience: 'customer' }),
      open ? h('form', { class: 'card', onsubmit: async (e) => {
        e.preventDefault();
        if (!text.value.trim()) return;
        try {
          await call(`/api/v1/portal/tickets/${number}/messages`, { method: 'POST', body: { body: text.value.trim() } });
          text.value = '';
          announce(t('portal.added'));
          await draw();
        } catch (error) { announce(error.message, 'error'); }
      } }, field(t('portal.addInfo'), text, t('portal.addInfoHint')), h('button', { type: 'submit', class: 'primary', id: 'send-info', text: t('portal.send') })) : null);
    box.setAttribute('aria-busy', 'false');
  };
  await draw();
  stop = watch(`portal:${number}`, () => (document.activeElement?.id === 'add-info' ? null : draw()), 8000);
}

/** The satisfaction survey of a solved ticket; built once, so a rating half chosen survives the page's refreshes. */
function csatForm(number) {
  const stars = h('div', { class: 'stars', role: 'radiogroup' }, [5, 4, 3, 2, 1].map((n) => {
    const id = `csat-${n}`;
    return h('span', { class: 'star' }, h('input', { type: 'radio', name: 'csat-rating', id, value: String(n), required: true }),
      h('label', { for: id, text: t(`portal.csat.${n}`) }));
  }));
  const comment = h('textarea', { id: 'csat-comment', rows: 2, maxlength: 1000 });
  const result = h('p', { id: 'csat-result', role: 'status' });
  const form = h('form', { class: 'card csat', onsubmit: async (e) => {
    e.preventDefault();
    const rating = Number(new FormData(form).get('csat-rating'));
    if (!rating) return;
    try {
      await call(`/api/v1/portal/tickets/${number}/csat`, { method: 'POST', body: { rating, comment: comment.value.trim() || null } });
      replace(form, h('p', { class: 'ok', id: 'csat-result', text: t('portal.csatThanks', { label: t(`portal.csat.${rating}`) }) }));
    } catch (error) {
      if (error.status === 409) replace(form, h('p', { class: 'muted', id: 'csat-result', text: t('portal.csatAnswered') }));
      else result.textContent = error.message;
    }
  } },
  h('fieldset', {}, h('legend', { text: t('portal.csatTitle') }), stars),
  field(t('portal.csatComment'), comment),
  h('button', { type: 'submit', class: 'primary', id: 'csat-submit', text: t('portal.csatSubmit') }), result);
  return form;
}

function agentCheck() {
  const number = h('input', { id: 'agent-check', maxlength: 16, inputmode: 'numeric', required: true });
  const result = h('p', { 'aria-live': 'polite', id: 'agent-check-result' });
  return h('section', { class: 'card verify' }, h('h2', { text: t('portal.verifyTitle') }), h('p', { class: 'muted small', text: t('portal.verifyHint') }),
    h('form', { class: 'inline', onsubmit: async (e) => {
      e.preventDefault();
      try {
        const answer = await call(`/api/v1/verify/agents/${encodeURIComponent(number.value.trim())}?workspace=${encodeURIComponent(me.workspace)}`);
        result.className = answer.official && answer.active ? 'ok' : 'error';
        result.textContent = answer.official
          ? t(answer.active ? 'portal.verifyOk' : 'portal.verifyInactive', { number: answer.agentNumber, name: answer.displayName, workspace: answer.workspace })
          : t('portal.verifyNo', { number: answer.agentNumber, workspace: answer.workspace });
      } catch (error) { result.className = 'error'; result.textContent = error.message; }
    } }, field(t('portal.agentNumber'), number), h('button', { type: 'submit', text: t('portal.verify') })), result);
}

async function start() {
  await loadLocale(initialLocale());
  const link = new URLSearchParams(location.search);
  try {
    if (link.has('s')) {
      me = await call('/api/v1/portal/session', { method: 'POST', body: { workspace: link.get('w'), customer: link.get('c'), expires: Number(link.get('e')), signature: link.get('s') } });
      // The signature has done its job; keep it out of history and out of anything shared from the address bar.
      history.replaceState(null, '', link.has('ticket') ? `/portal?ticket=${link.get('ticket')}` : '/portal');
    } else {
      me = await call('/api/v1/portal/me');
    }
  } catch (error) {
    me = null;
    renderTopbar();
    replace(main, h('section', { class: 'card' }, h('h1', { text: t('portal.signInTitle') }),
      h('p', { role: 'alert', text: error instanceof ApiError && error.status === 401 ? (link.has('s') ? t('portal.linkInvalid') : t('portal.signInHint')) : error.message })));
    return;
  }
  setZone(me.timeZone);
  renderTopbar();
  await route();
}

start();
