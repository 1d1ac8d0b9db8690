// A ticket's sub-tasks: work handed to a colleague or a team with a due time. Ticking one off is one click;
// the ticket cannot be solved while any is open (the server says so, the list shows why).
import { get, post } from './api.js';
import { h, replace, field, select, announce } from './dom.js';
import { t } from './i18n.js';
import { when, left } from './time.js';

export function mountSubTasks(section, number, context, { onChange }) {
  const list = h('ul', { class: 'subtask-list plain', id: 'subtasks' });
  const title = h('input', { type: 'text', id: 'subtask-title', maxlength: 200, required: true });
  const owner = select([['', t('subtask.noOwner')],
    ...(context.colleagues ?? []).map((c) => [c.agentNumber, `${c.displayName} (${c.agentNumber})`])], '', { id: 'subtask-owner' });
  const team = select([['', t('subtask.noTeam')], ...context.teams.map((tm) => [tm.id, tm.name])], '', { id: 'subtask-team' });
  const hours = h('input', { type: 'number', id: 'subtask-hours', min: '0.25', max: '8760', step: '0.25', value: '24' });
  const form = h('form', { class: 'subtask-form', onsubmit: async (e) => {
    e.preventDefault();
    if (!owner.value && !team.value) { announce(t('subtask.needOwner'), 'error'); owner.focus(); return; }
    try {
      await post(`/tickets/${number}/subtasks`, {
        title: title.value.trim(),
        ownerAgentNumber: owner.value || null,
        teamId: team.value || null,
        dueAt: hours.value ? new Date(Date.now() + Number(hours.value) * 3600000).toISOString() : null,
      });
      title.value = '';
      announce(t('subtask.added'));
      await onChange();
    } catch (error) { announce(error.message, 'error'); }
  } },
  h('div', { class: 'inline' }, field(t('subtask.title'), title), field(t('subtask.owner'), owner), field(t('subtask.team'), team),
    field(t('subtask.dueHours'), hours), h('button', { type: 'submit', id: 'subtask-add', text: t('subtask.add') })));

  replace(section, h('h3', { id: 'subtasks-title', text: t('subtask.heading') }), list, form);

  function item(task) {
    const box = h('input', { type: 'checkbox', id: `subtask-${task.id}`, checked: Boolean(task.doneAt), onchange: async (e) => {
      e.target.disabled = true;
      try {
        await post(`/tickets/${number}/subtasks/${task.id}/${e.target.checked ? 'done' : 'reopen'}`);
        announce(t(e.target.checked ? 'subtask.done' : 'subtask.reopened', { title: task.title }));
        await onChange();
      } catch (error) { e.target.checked = !e.target.checked; announce(error.message, 'error'); } finally { e.target.disabled = false; }
    } });
    const who = [task.owner ? `${task.owner.displayName} (${task.owner.agentNumber})` : null, task.team?.name].filter(Boolean).join(' · ');
    return h('li', { class: `subtask ${task.doneAt ? 'done' : ''} ${task.overdue ? 'overdue' : ''}`, dataset: { subtask: task.title } },
      box, h('label', { for: box.id, text: task.title }),
      h('span', { class: 'muted small', text: who }),
      task.doneAt ? h('span', { class: 'muted small', text: t('subtask.doneBy', { who: task.doneBy?.displayName ?? '', time: when(task.doneAt) }) })
        : task.dueAt ? h('time', { class: task.overdue ? 'due overdue' : 'due', datetime: task.dueAt, text: left(task.dueAt) }) : null);
  }

  return {
    async refresh() {
      const tasks = await get(`/tickets/${number}/subtasks`);
      const open = tasks.filter((s) => !s.doneAt).length;
      section.querySelector('#subtasks-title').textContent = tasks.length ? t('subtask.headingCount', { open, total: tasks.length }) : t('subtask.heading');
      replace(list, tasks.length ? tasks.map(item) : h('li', { class: 'muted small', text: t('subtask.none') }));
      return tasks;
    },
  };
}
