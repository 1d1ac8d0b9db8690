// The ticket view in the workbench: header and actions, SLA clocks, one timeline, the composer
// (reply with macros, internal note), a promise form, and the customer sidebar.
import { get, post, upload } from './api.js';
import { h, replace, field, select, announce } from './dom.js';
import { t, term } from './i18n.js';
import { when, left, isOverdue } from './time.js';
import { watch } from './live.js';
import { renderTimeline } from './timeline.js';
import { mountSubTasks } from './subtasks.js';

export async function mountTicket(pane, sidebar, number, context, { onChange }) {
  // Marks for the performance check: from opening the ticket to its timeline on screen.
  performance.mark(`kefu:ticket-open:${number}`);
  let ticket = null;
  let mode = 'reply';
  let macros = [];
  let openSubTasks = 0;
  const header = h('header', { class: 'ticket-head' });
  const clocks = h('section', { class: 'clocks', 'aria-label': t('sla.title') });
  const timelineBox = h('div', { class: 'timeline-box' });
  const text = h('textarea', { id: 'composer-text', rows: 5, required: true, maxlength: 20000 });
  const modeLabel = h('label', { for: 'composer-text', class: 'sr-only', text: t('composer.reply') });
  const replyTab = h('button', { type: 'button', role: 'tab', id: 'tab-reply', onclick: () => setMode('reply', true) }, t('composer.reply'));
  const noteTab = h('button', { type: 'button', role: 'tab', id: 'tab-note', onclick: () => setMode('note', true) }, t('composer.note'));
  const macroPicker = h('select', { id: 'macro', 'aria-label': t('composer.macro'), onchange: (e) => {
    const macro = macros.find((m) => m.id === e.target.value);
    if (macro) {
      text.value = text.value ? `${text.value}\n${macro.body}` : macro.body;
      text.focus();
    }
    e.target.value = '';
  } });
  // Files go up as soon as they are picked; the message then names them by id.
  let pending = [];
  const files = h('ul', { class: 'pending-files', 'aria-label': t('composer.attachments') });
  const filePicker = h('input', { type: 'file', id: 'composer-files', multiple: true, class: 'sr-only', onchange: async (e) => {
    const picked = [...e.target.files];
    e.target.value = '';
    for (const file of picked) {
      try {
        pending.push(await upload(`/tickets/${number}/attachments`, file));
        announce(t('composer.attached', { name: file.name }));
      } catch (error) { announce(`${file.name}: ${error.message}`, 'error'); }
    }
    renderFiles();
  } });
  filePicker.tabIndex = -1;
  const fileButton = h('button', { type: 'button', class: 'ghost', id: 'attach', text: t('composer.attach'), onclick: () => filePicker.click() });
  function renderFiles() {
    replace(files, pending.map((a) => h('li', {},
      h('span', { text: a.fileName }),
      h('button', { type: 'button', class: 'ghost small', 'aria-label': t('composer.removeFile', { name: a.fileName }), text: '×',
        onclick: () => { pending = pending.filter((p) => p.id !== a.id); renderFiles(); } }))));
  }
  const mention = h('select', { id: 'mention', 'aria-label': t('composer.mention'), onchange: (e) => {
    if (!e.target.value) return;
    const at = text.selectionStart ?? text.value.length;
    const before = text.value.slice(0, at);
    const insert = `${before && !/\s$/.test(before) ? ' ' : ''}@${e.target.value} `;
    text.value = before + insert + text.value.slice(at);
    text.focus();
    text.setSelectionRange(at + insert.length, at + insert.length);
    e.target.value = '';
  } }, h('option', { value: '', text: t('composer.mention') }),
  (context.colleagues ?? []).filter((c) => c.agentNumber !== context.agent.agentNumber)
    .map((c) => h('option', { value: c.agentNumber, text: `${c.displayName} (${c.agentNumber})` })));
  const modeBanner = h('p', { class: 'mode-banner', id: 'composer-mode', 'aria-live': 'polite' });
  const send = h('button', { type: 'submit', class: 'primary', id: 'send' }, t('composer.send'));
  const composer = h('form', { class: 'composer', onsubmit: async (e) => {
    e.preventDefault();
    const body = text.value.trim();
    if (!body) return;
    send.disabled = true;
    try {
      await post(`/tickets/${number}/${mode === 'reply' ? 'replies' : 'notes'}`, { body, attachmentIds: pending.map((a) => a.id) });
      text.value = '';
      pending = [];
      renderFiles();
      announce(t(mode === 'reply' ? 'composer.sent' : 'composer.noted'));
      await refresh();
      onChange();
    } catch (error) { announce(error.message, 'error'); } finally { send.disabled = false; }
  } },
  h('div', { class: 'tabs', role: 'tablist', 'aria-label': t('composer.label') }, replyTab, noteTab, h('span', { class: 'spacer' }), mention, macroPicker),
  modeBanner, modeLabel, text, files,
  h('div', { class: 'composer-actions' }, h('span', { class: 'inline' }, filePicker, fileButton, h('span', { class: 'muted small', text: t('composer.hint') })), send));

  function setMode(next, focus) {
    mode = next;
    composer.classList.toggle('note-mode', mode === 'note');
    replyTab.setAttribute('aria-selected', String(mode === 'reply'));
    noteTab.setAttribute('aria-selected', String(mode === 'note'));
    modeLabel.textContent = t(mode === 'reply' ? 'composer.reply' : 'composer.note');
    text.placeholder = t(mode === 'reply' ? 'composer.replyPlaceholder' : 'composer.notePlaceholder');
    send.textContent = t(mode === 'reply' ? 'composer.send' : 'composer.addNote');
    send.classList.toggle('note', mode === 'note');
    modeBanner.textContent = t(mode === 'reply' ? 'composer.replyBanner' : 'composer.noteBanner');
    mention.hidden = mode !== 'note';
    if (focus) text.focus();
  }
  setMode('reply', false);

  const promiseHours = h('input', { type: 'number', min: '0.25', max: '2160', step: '0.25', value: '4', id: 'promise-hours', required: true });
  const promiseNote = h('input', { type: 'text', maxlength: 500, id: 'promise-note' });
  const promiseForm = h('form', { class: 'promise', onsubmit: async (e) => {
    e.preventDefault();
    try {
      await post(`/tickets/${number}/promises`, { withinHours: Number(promiseHours.value), note: promiseNote.value.trim() || null });
      promiseNote.value = '';
      announce(t('promise.recorded'));
      await refresh();
    } catch (error) { announce(error.message, 'error'); }
  } },
  h('h3', { text: t('promise.title') }),
  h('div', { class: 'inline' }, field(t('promise.withinHours'), promiseHours), field(t('promise.note'), promiseNote),
    h('button', { type: 'submit', id: 'promise-submit', text: t('promise.record') })));

  const subTasks = h('section', { class: 'subtasks', 'aria-labelledby': 'subtasks-title' });
  const layout = h('article', { class: 'ticket', 'aria-busy': 'true' }, header, clocks, timelineBox, composer, subTasks, promiseForm);
  replace(pane, layout);
  replace(sidebar, h('p', { class: 'muted', text: t('common.loading') }));

  async function act(path, body, done) {
    try {
      await post(`/tickets/${number}/${path}`, body);
      announce(t(done));
      await refresh();
      onChange();
    } catch (error) { announce(error.message, 'error'); }
  }

  const take = () => act('take', {}, 'ticket.taken');
  const solve = () => ticket?.nextStatuses.includes('solved') && openSubTasks === 0 && act('status', { status: 'solved' }, 'ticket.solved');

  function renderHeader() {
    const mine = ticket.assignee?.agentNumber === context.agent.agentNumber;
    const can = (status) => ticket.nextStatuses.includes(status);
    const actions = [
      !ticket.assignee && ticket.status !== 'solved' && ticket.status !== 'closed'
        ? h('button', { type: 'button', class: 'primary', id: 'take', onclick: take, text: t('ticket.take') }) : null,
      !ticket.assignee && ticket.status === 'new' ? h('button', { type: 'button', id: 'decline', onclick: () => act('decline', {}, 'ticket.declined'), text: t('ticket.decline') }) : null,
      can('waitingOnCustomer') ? h('button', { type: 'button', id: 'wait', onclick: () => act('status', { status: 'waitingOnCustomer' }, 'ticket.statusChanged'), text: t('ticket.waitOnCustomer') }) : null,
      can('solved') ? h('button', { type: 'button', id: 'solve', class: mine ? 'primary' : '', onclick: solve, text: t('ticket.solve'),
        disabled: openSubTasks > 0, title: openSubTasks > 0 ? t('subtask.blocksSolve', { n: openSubTasks }) : null }) : null,
      can('open') && (ticket.status === 'solved' || ticket.status === 'closed')
        ? h('button', { type: 'button', id: 'reopen', onclick: () => act('status', { status: 'open' }, 'ticket.reopened'), text: t('ticket.reopen') }) : null,
    ];
    replace(header,
      h('div', { class: 'title-row' },
        h('h2', { id: 'ticket-title' }, h('span', { class: 'num', text: `#${ticket.number} ` }), h('span', { text: ticket.subject })),
        h('div', { class: 'actions' }, actions)),
      h('dl', { class: 'facts' },
        fact(t('ticket.status'), h('span', { class: `badge status-${ticket.status}`, id: 'ticket-status', text: term('status', ticket.status) })),
        fact(t('ticket.priority'), term('priority', ticket.priority)),
        fact(t('ticket.category'), ticket.category ?? '—'),
        fact(t('ticket.team'), ticket.team?.name ?? '—'),
        fact(t('ticket.assignee'), ticket.assignee ? `${ticket.assignee.displayName} (${ticket.assignee.agentNumber})` : t('ticket.unassigned')),
        fact(t('ticket.channel'), term('channel', ticket.channel)),
        ticket.orderNumber ? fact(t('ticket.order'), ticket.orderNumber) : null,
        fact(t('ticket.created'), when(ticket.createdAt))),
      ticket.description ? h('p', { class: 'description', text: ticket.description }) : null);
  }

  function renderClocks() {
    const sla = ticket.sla;
    const rows = sla.clocks.filter((c) => c.state !== 'stopped' || c.breached).map((c) => h('li', { class: `clock ${c.breached ? 'breached' : isOverdue(c.dueAt) ? 'breached' : ''}` },
      h('span', { class: 'metric', text: term('metric', c.metric) }),
      h('span', { class: 'state', text: c.state === 'paused' ? t('sla.paused') : c.dueAt ? left(c.dueAt) : '—' }),
      c.dueAt ? h('time', { datetime: c.dueAt, text: when(c.dueAt) }) : null));
    replace(clocks,
      h('h3', { class: 'sr-only', text: t('sla.title') }),
      h('ul', { class: 'clock-list' }, rows.length ? rows : h('li', { class: 'muted', text: t('sla.none') })),
      h('p', { class: 'sla-facts muted small' },
        sla.policy ? `${t('sla.policy')}: ${sla.policy}` : t('sla.noPolicy'),
        sla.promisedBy ? ` · ${t('ticket.promiseBy', { time: when(sla.promisedBy) })}` : '',
        sla.escalationLevel > 0 ? ` · ${t('ticket.escalatedLevel', { level: sla.escalationLevel })}` : '',
        sla.nudgeCount > 0 ? ` · ${t('sla.nudges', { n: sla.nudgeCount })}` : ''));
  }

  async function renderCustomer() {
    try {
      const c = await get(`/workbench/customers/${encodeURIComponent(ticket.customer.externalId)}`);
      replace(sidebar,
        h('h3', { text: c.name }),
        h('dl', { class: 'facts stacked' },
          fact(t('customer.id'), c.externalId),
          fact(t('customer.tier'), c.tier > 0 ? `VIP ${c.tier}` : t('customer.ordinary')),
          c.merchant ? fact(t('customer.merchant'), c.merchant) : null,
          c.accountManager ? fact(t('customer.manager'), c.accountManager) : null,
          fact(t('customer.open'), String(c.openTickets))),
        h('h4', { text: t('customer.identities') }),
        h('ul', { class: 'plain' }, c.identities.map((i) => h('li', {}, h('span', { class: 'muted', text: `${term('identity', i.kind)}: ` }), i.handle))),
        h('h4', { text: t('customer.recent') }),
        h('ul', { class: 'plain recent' }, c.recentTickets.map((r) => h('li', {},
          h('a', { href: `/app/tickets/${r.number}`, 'data-link': true, text: `#${r.number} ${r.subject}` }),
          h('span', { class: `badge status-${r.status}`, text: term('status', r.status) })))));
    } catch (error) { replace(sidebar, h('p', { class: 'error', text: error.message })); }
  }

  const tasks = mountSubTasks(subTasks, number, context, { onChange: () => refresh() });

  async function refresh() {
    let subTaskList;
    [ticket, subTaskList] = await Promise.all([get(`/tickets/${number}`), tasks.refresh()]);
    openSubTasks = subTaskList.filter((s) => !s.doneAt).length;
    renderHeader();
    renderClocks();
    replace(timelineBox, renderTimeline(ticket, { audience: 'agent' }));
    layout.setAttribute('aria-busy', 'false');
  }

  try {
    const [, list] = await Promise.all([refresh().then(() => {
      performance.measure(`kefu:ticket-rendered:${number}`, `kefu:ticket-open:${number}`);
      performance.mark(`kefu:ticket-rendered:${number}`);
    }), get(`/macros?ticket=${number}`)]);
    macros = list;
    replace(macroPicker, h('option', { value: '', text: macros.length ? t('composer.macro') : t('composer.noMacros') }),
      macros.map((m) => h('option', { value: m.id, text: m.title })));
    renderCustomer();
  } catch (error) {
    replace(pane, h('p', { class: 'error', role: 'alert', text: error.message }));
    replace(sidebar);
    return { unmount() {}, shortcuts: {} };
  }

  // The refresh leaves the composer alone, so a draft survives a message arriving while it is typed.
  const stop = watch(`ticket:${number}`, refresh, 5000);
  return {
    unmount: stop,
    shortcuts: { r: () => setMode('reply', true), n: () => setMode('note', true), e: solve, t: take },
  };
}

function fact(label, value) {
  return h('div', {}, h('dt', { text: label }), h('dd', {}, value));
}
