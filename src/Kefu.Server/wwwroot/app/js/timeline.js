// One timeline for a ticket: messages and audit events in time order. Shared by the workbench and
// the portal (which receives public entries only). Bodies are untrusted text: textContent only.
import { h } from './dom.js';
import { t, term } from './i18n.js';
import { when } from './time.js';

// These events are the messages themselves, shown from the message list with their bodies.
const MESSAGE_EVENTS = new Set(['message.customer', 'message.agent_reply', 'message.internal_note']);

export function timelineItems(ticket) {
  const items = [
    ...ticket.messages.map((m) => ({ at: m.createdAt, message: m })),
    ...ticket.timeline.filter((e) => !MESSAGE_EVENTS.has(e.kind)).map((e) => ({ at: e.createdAt, event: e })),
  ];
  return items.sort((a, b) => new Date(a.at) - new Date(b.at));
}

export function renderTimeline(ticket, { audience = 'agent' } = {}) {
  return h('ol', { class: 'timeline', 'aria-label': t('ticket.timeline') },
    timelineItems(ticket).map((item) => (item.message ? messageItem(item.message, audience) : eventItem(item.event))));
}

function authorName(message, audience) {
  const author = message.author;
  if (author.kind === 'customer') return audience === 'customer' ? t('portal.you') : author.displayName || t('author.customer');
  if (author.kind === 'agent') {
    const name = audience === 'customer' ? t('author.agent') : author.displayName || t('author.agent');
    return author.agentNumber ? `${name} · ${t('topbar.agentNumber')} ${author.agentNumber}` : name;
  }
  return term('author', author.kind);
}

function messageItem(message, audience) {
  const internal = message.visibility === 'internal';
  const kind = internal ? 'note' : message.author.kind === 'customer' ? 'customer' : 'agent';
  return h('li', { class: `entry message ${kind}`, id: `message-${message.id}` },
    h('div', { class: 'meta' },
      h('strong', { text: authorName(message, audience) }),
      internal ? h('span', { class: 'badge note', text: t('ticket.internalNote') }) : null,
      h('time', { datetime: message.createdAt, text: when(message.createdAt) })),
    h('p', { class: 'body', text: message.body }),
    message.attachments.length > 0 ? h('ul', { class: 'attachments' }, message.attachments.map((a) =>
      h('li', {}, audience === 'agent' ? h('a', { href: a.url, text: a.fileName, download: a.fileName }) : a.fileName))) : null,
    message.verificationCode && audience === 'customer'
      ? h('p', { class: 'muted small', text: t('portal.messageCode', { code: message.verificationCode }) }) : null);
}

function eventDetail(event) {
  const d = event.data ?? {};
  switch (event.kind) {
    case 'ticket.status_changed': return `${term('status', d.from)} → ${term('status', d.to)}`;
    case 'promise.made': case 'promise.lapsed': case 'promise.kept': return d.dueAt ? t('ticket.promiseBy', { time: when(d.dueAt) }) : '';
    case 'sla.warning': case 'sla.breached': return term('metric', d.metric);
    case 'ticket.nudged': return [term('nudge', d.outcome), d.message].filter(Boolean).join(' · ');
    case 'ticket.escalated': return t('ticket.escalatedLevel', { level: d.level ?? '' });
    case 'ticket.assigned': return d.assignee ? `${t('topbar.agentNumber')} ${d.assignee}` : '';
    case 'subtask.created': return [d.title, d.owner ? `${t('topbar.agentNumber')} ${d.owner}` : null].filter(Boolean).join(' · ');
    case 'subtask.done': case 'subtask.reopened': return d.title ?? '';
    default: return '';
  }
}

function eventItem(event) {
  const tone = event.kind.startsWith('sla.breached') || event.kind === 'promise.lapsed' || event.kind === 'ticket.escalated' ? 'alert'
    : event.kind.startsWith('sla.') || event.kind === 'ticket.nudged' ? 'warn' : '';
  return h('li', { class: `entry event ${tone}` },
    h('span', { class: 'what', text: term('event', event.kind) }),
    h('span', { class: 'detail', text: eventDetail(event) }),
    event.actor?.displayName ? h('span', { class: 'muted', text: event.actor.displayName }) : null,
    h('time', { datetime: event.createdAt, text: when(event.createdAt) }));
}
