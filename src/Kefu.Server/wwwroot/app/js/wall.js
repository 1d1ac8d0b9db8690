// The supervisor wall: queues per team, SLA risk, escalations and nudges with reassign, agents.
import { get, post } from './api.js';
import { h, replace, select, announce } from './dom.js';
import { t, term } from './i18n.js';
import { when, left, ago, isOverdue } from './time.js';
import { watch } from './live.js';

export async function mount(main) {
  const root = h('div', { class: 'wall', 'aria-busy': 'true' });
  replace(main, h('h1', { class: 'page-title', text: t('wall.title') }), root);
  let agents = [];

  function reassign(ticket) {
    const picker = select([['', t('wall.reassignTo')], ...agents.filter((a) => a.role !== 'admin' || true)
      .map((a) => [a.agentNumber, `${a.displayName} (${a.agentNumber}) · ${term('availability', a.availability)} · ${a.openTickets}/${a.ticketCapacity}`])], '',
    { 'aria-label': t('wall.reassignLabel', { number: ticket.number }), class: 'reassign', dataset: { number: ticket.number }, onchange: (e) => {
      if (e.target.value) assign(ticket.number, e.target.value);
    } });
    return picker;
  }

  // Drag a ticket onto an agent's row to hand it over; the picker beside each ticket does the same without a mouse.
  const ticketLink = (ticket) => h('a', { href: `/app/tickets/${ticket.number}`, 'data-link': true, draggable: 'true', class: 'drag-ticket',
    dataset: { number: ticket.number }, text: `#${ticket.number} ${ticket.subject}`,
    ondragstart: (e) => { e.dataTransfer.setData('application/x-kefu-ticket', String(ticket.number)); e.dataTransfer.effectAllowed = 'move'; } });

  async function assign(number, agentNumber) {
    try {
      await post(`/tickets/${number}/assign`, { assigneeAgentNumber: agentNumber });
      announce(t('wall.reassigned', { number, agent: agentNumber }));
      await refresh();
    } catch (error) { announce(error.message, 'error'); }
  }

  function dropTarget(row, agentNumber) {
    const carries = (e) => e.dataTransfer.types.includes('application/x-kefu-ticket');
    row.addEventListener('dragover', (e) => { if (carries(e)) { e.preventDefault(); row.classList.add('drop-over'); } });
    row.addEventListener('dragleave', () => row.classList.remove('drop-over'));
    row.addEventListener('drop', (e) => {
      e.preventDefault();
      row.classList.remove('drop-over');
      const number = Number(e.dataTransfer.getData('application/x-kefu-ticket'));
      if (number) assign(number, agentNumber);
    });
    return row;
  }

  function table(caption, head, rows, empty) {
    return h('section', { class: 'card' }, h('h2', { text: caption }),
      rows.length === 0 ? h('p', { class: 'muted', text: empty }) :
        h('table', {}, h('thead', {}, h('tr', {}, head.map((c) => h('th', { scope: 'col', text: c })))), h('tbody', {}, rows)));
  }

  async function refresh() {
    const wall = await get('/wall');
    agents = wall.agents;
    const now = new Date(wall.at).getTime();
    replace(root,
      h('section', { class: 'queues', 'aria-label': t('wall.queues') }, wall.teams.map((team) => h('div', { class: `card queue ${team.waiting > 0 && team.online === 0 ? 'alert' : ''}` },
        h('h2', { text: team.name }),
        h('p', { class: 'big' }, h('span', { class: 'n', text: String(team.waiting) }), h('span', { text: t('wall.waiting') })),
        h('p', { class: 'muted', text: team.oldestWaitingSince ? t('wall.longest', { span: ago(team.oldestWaitingSince, now) }) : t('wall.noQueue') }),
        h('p', { text: t('wall.online', { online: team.online, members: team.members, full: team.atCapacity }) })))),
      h('div', { class: 'wall-grid' },
        table(t('wall.risks'), [t('wall.ticket'), t('wall.metric'), t('wall.due'), t('ticket.assignee'), ''],
          wall.risks.map((r) => h('tr', { class: r.breached ? 'breached' : '' },
            h('td', {}, ticketLink(r.ticket)), h('td', { text: term('metric', r.metric) }),
            h('td', {}, h('span', { class: isOverdue(r.dueAt, now) ? 'due overdue' : 'due', text: left(r.dueAt, now) }), ' ', h('time', { class: 'muted', text: when(r.dueAt) })),
            h('td', { text: r.ticket.assignee ? `${r.ticket.assignee.displayName} (${r.ticket.assignee.agentNumber})` : t('ticket.unassigned') }),
            h('td', {}, reassign(r.ticket)))), t('wall.noRisks')),
        table(t('wall.escalations'), [t('wall.ticket'), t('wall.level'), t('wall.since'), ''],
          wall.escalations.map((e) => h('tr', {},
            h('td', {}, ticketLink(e.ticket)), h('td', { text: String(e.escalationLevel) }), h('td', { text: ago(e.escalatedAt, now) }),
            h('td', { class: 'row-actions' }, reassign(e.ticket), h('button', { type: 'button', text: t('wall.resolve'), onclick: async () => {
              try { await post(`/tickets/${e.ticket.number}/escalation/resolve`); announce(t('wall.resolved')); await refresh(); } catch (error) { announce(error.message, 'error'); }
            } })))), t('wall.noEscalations')),
        table(t('wall.nudged'), [t('wall.ticket'), t('wall.nudges'), t('wall.lastNudge'), ''],
          wall.nudged.map((n) => h('tr', {},
            h('td', {}, ticketLink(n.ticket)), h('td', { text: String(n.nudgeCount) }), h('td', { text: ago(n.lastNudgedAt, now) }),
            h('td', {}, reassign(n.ticket)))), t('wall.noNudges')),
        table(t('wall.agents'), [t('admin.agentNumber'), t('admin.name'), t('topbar.availability'), t('wall.load'), t('admin.teams')],
          wall.agents.map((a) => dropTarget(h('tr', { dataset: { agent: a.agentNumber }, title: t('wall.dropHint') },
            h('td', { text: a.agentNumber }), h('td', { text: a.displayName }),
            h('td', {}, h('span', { class: `dot ${a.availability}`, text: term('availability', a.availability) })),
            h('td', { class: a.openTickets >= a.ticketCapacity ? 'full' : '', text: `${a.openTickets} / ${a.ticketCapacity}` }),
            h('td', { text: a.teams.join('、') })), a.agentNumber)), '')));
    root.setAttribute('aria-busy', 'false');
  }

  await refresh();
  return watch('wall', refresh);
}
