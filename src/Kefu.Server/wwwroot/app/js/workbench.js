// The agent workbench: inbox views with counts and filters on the left, the open ticket in the
// middle, the customer on the right; keyboard shortcuts for the common moves.
import { get } from './api.js';
import { h, replace, select } from './dom.js';
import { t, term, locale } from './i18n.js';
import { left, isOverdue } from './time.js';
import { watch } from './live.js';
import { mountTicket } from './ticket.js';
import { mountSavedViews } from './savedviews.js';

const VIEWS = ['mine', 'team', 'unassigned', 'waiting', 'breaching', 'escalated', 'night'];

export async function mount(main, context, { path, navigate }) {
  const params = new URLSearchParams(location.search);
  const state = {
    view: VIEWS.includes(params.get('view')) ? params.get('view') : 'mine',
    priority: params.get('priority') || '', category: params.get('category') || '', q: params.get('q') || '',
    rows: [], selected: Number(path.match(/^\/app\/tickets\/(\d+)/)?.[1]) || null,
  };

  const tabs = h('ul', { class: 'views', role: 'list' });
  const list = h('ol', { class: 'rows', 'aria-label': t('inbox.list') });
  const summary = h('p', { class: 'muted small', 'aria-live': 'polite' });
  const ticketPane = h('section', { class: 'pane ticket-pane', 'aria-label': t('ticket.pane') });
  const customerPane = h('aside', { class: 'pane customer-pane', 'aria-label': t('customer.pane') });

  const query = () => {
    const p = new URLSearchParams();
    if (state.view !== 'mine') p.set('view', state.view);
    for (const key of ['priority', 'category', 'q']) if (state[key]) p.set(key, state[key]);
    const s = p.toString();
    return s ? `?${s}` : '';
  };
  const ticketHref = (number) => `/app/tickets/${number}${query()}`;

  const filters = h('form', { class: 'filters', role: 'search', onsubmit: (e) => { e.preventDefault(); applyFilters(); } },
    select([['', t('filter.anyPriority')], ...['urgent', 'high', 'normal', 'low'].map((p) => [p, term('priority', p)])], state.priority,
      { 'aria-label': t('filter.priority'), name: 'priority', onchange: () => applyFilters() }),
    select([['', t('filter.anyCategory')], ...context.categories.map((c) => [c.code, locale() === 'en' ? c.nameEn : c.nameZh])], state.category,
      { 'aria-label': t('filter.category'), name: 'category', onchange: () => applyFilters() }),
    h('input', { type: 'search', name: 'q', value: state.q, placeholder: t('filter.search'), 'aria-label': t('filter.search') }));

  function applyFilters() {
    const data = new FormData(filters);
    state.priority = data.get('priority');
    state.category = data.get('category');
    state.q = String(data.get('q') || '').trim();
    history.replaceState(null, '', (state.selected ? `/app/tickets/${state.selected}` : '/app') + query());
    loadList();
  }

  async function loadCounts() {
    const counts = await get('/workbench/views');
    replace(tabs, counts.map(({ view, count }) => h('li', {},
      h('a', { href: `/app${view === 'mine' ? '' : `?view=${view}`}`, 'data-link': true, 'aria-current': view === state.view ? 'true' : null,
        class: `view ${view === 'breaching' && count > 0 ? 'warn' : ''}` },
      h('span', { text: t(`view.${view}`) }), h('span', { class: 'count', text: String(count) })))));
  }

  async function loadList() {
    const p = new URLSearchParams({ pageSize: '50' });
    for (const key of ['priority', 'category', 'q']) if (state[key]) p.set(key, state[key]);
    const page = await get(`/workbench/views/${state.view}?${p}`);
    state.rows = page.items;
    summary.textContent = t('inbox.summary', { shown: page.items.length, total: page.total });
    replace(list, page.items.length === 0 ? h('li', { class: 'empty', text: t('inbox.empty') }) : page.items.map(rowView));
  }

  function rowView(row) {
    const ticket = row.ticket;
    return h('li', { class: `row ${ticket.number === state.selected ? 'selected' : ''}`, dataset: { number: ticket.number } },
      h('a', { href: ticketHref(ticket.number), 'data-link': true, 'aria-current': ticket.number === state.selected ? 'true' : null },
        h('span', { class: 'row-top' },
          h('span', { class: 'num', text: `#${ticket.number}` }),
          h('span', { class: `badge status-${ticket.status}`, text: term('status', ticket.status) }),
          ticket.priority === 'high' || ticket.priority === 'urgent' ? h('span', { class: `badge prio-${ticket.priority}`, text: term('priority', ticket.priority) }) : null,
          row.escalationLevel > 0 ? h('span', { class: 'badge escalated', text: t('ticket.escalatedLevel', { level: row.escalationLevel }) }) : null),
        h('span', { class: 'subject', text: ticket.subject }),
        h('span', { class: 'row-bottom' },
          h('span', { text: ticket.customer.name }),
          row.nextDueAt ? h('span', { class: isOverdue(row.nextDueAt) ? 'due overdue' : 'due', text: left(row.nextDueAt) }) : null)));
  }

  const savedViews = mountSavedViews(() => state, (v) => {
    const p = new URLSearchParams();
    if (v.view !== 'mine') p.set('view', v.view);
    if (v.priority) p.set('priority', v.priority);
    if (v.category) p.set('category', v.category);
    if (v.q) p.set('q', v.q);
    navigate(`/app${p.toString() ? `?${p}` : ''}`);
  });

  const layout = h('div', { class: 'workbench' },
    h('nav', { class: 'pane inbox-pane', 'aria-label': t('inbox.label') }, tabs, filters, savedViews, summary, list),
    ticketPane, customerPane);
  replace(main, layout);

  let ticket = null;
  let opening = Promise.resolve();
  const openTicket = async () => {
    const number = state.selected;
    await opening;
    if (number !== state.selected) return;
    if (ticket) ticket.unmount();
    ticket = null;
    if (number) {
      opening = mountTicket(ticketPane, customerPane, number, context, { onChange: refreshLists }).then((t) => { ticket = t; });
    } else {
      replace(ticketPane, h('div', { class: 'placeholder' }, h('p', { text: t('ticket.none') }), h('p', { class: 'muted', text: t('help.hint') })));
      replace(customerPane);
      opening = Promise.resolve();
    }
    await opening;
  };

  async function refreshLists() { await Promise.all([loadCounts(), loadList()]); }

  const move = (step) => {
    if (state.rows.length === 0) return;
    const index = state.rows.findIndex((r) => r.ticket.number === state.selected);
    const next = state.rows[Math.min(state.rows.length - 1, Math.max(0, index + step))] ?? state.rows[0];
    navigate(ticketHref(next.ticket.number));
  };
  const onKey = (event) => {
    if (event.ctrlKey || event.metaKey || event.altKey) return;
    const typing = event.target.closest('input, textarea, select, [contenteditable]');
    if (event.key === 'Escape' && typing) { event.target.blur(); return; }
    if (typing || document.querySelector('dialog[open]')) return;
    const actions = { j: () => move(1), k: () => move(-1), '?': () => showHelp(), '/': () => filters.q.focus() };
    const action = actions[event.key] ?? ticket?.shortcuts?.[event.key];
    if (action) { event.preventDefault(); action(); }
  };
  document.addEventListener('keydown', onKey);
  const stop = watch('inbox', refreshLists);

  await Promise.all([refreshLists(), openTicket()]);

  // Another ticket in the same view and filters: swap the middle and right panes, keep the list.
  const update = (nextPath) => {
    const next = new URLSearchParams(location.search);
    const sameList = (next.get('view') || 'mine') === state.view && ['priority', 'category', 'q'].every((k) => (next.get(k) || '') === state[k]);
    if (!sameList || !nextPath.startsWith('/app/tickets/') && nextPath !== '/app') return false;
    state.selected = Number(nextPath.match(/^\/app\/tickets\/(\d+)/)?.[1]) || null;
    for (const row of list.querySelectorAll('li.row')) {
      const selected = Number(row.dataset.number) === state.selected;
      row.classList.toggle('selected', selected);
      if (selected) row.querySelector('a').setAttribute('aria-current', 'true'); else row.querySelector('a').removeAttribute('aria-current');
    }
    openTicket();
    return true;
  };

  return {
    update,
    unmount: () => {
      stop();
      document.removeEventListener('keydown', onKey);
      if (ticket) ticket.unmount();
    },
  };
}

function showHelp() {
  const keys = [['j / k', 'help.nextPrev'], ['r', 'help.reply'], ['n', 'help.note'], ['e', 'help.solve'], ['t', 'help.take'], ['/', 'help.search'], ['?', 'help.help'], ['Esc', 'help.escape']];
  const dialog = h('dialog', { class: 'help', 'aria-labelledby': 'help-title' },
    h('h2', { id: 'help-title', text: t('help.title') }),
    h('dl', {}, keys.map(([key, text]) => [h('dt', {}, h('kbd', { text: key })), h('dd', { text: t(text) })])),
    h('form', { method: 'dialog' }, h('button', { class: 'primary', text: t('common.close') })));
  dialog.addEventListener('close', () => dialog.remove());
  document.body.appendChild(dialog);
  dialog.showModal();
}
