// The admin console over the admin APIs: people, routing, SLA, macros, keys, portal, workspace.
import { get, post, put, del } from './api.js';
import { h, replace, field, select, announce } from './dom.js';
import { t, term } from './i18n.js';
import { when } from './time.js';

const SECTIONS = ['teams', 'agents', 'routing', 'sla', 'calendars', 'ladder', 'macros', 'keys', 'portal', 'workspace'];

export async function mount(main, context, { path }) {
  const section = SECTIONS.find((s) => path === `/app/admin/${s}`) ?? 'teams';
  const body = h('div', { class: 'admin-body' });
  replace(main, h('div', { class: 'admin' },
    h('nav', { class: 'admin-nav', 'aria-label': t('admin.sections') }, h('ul', { role: 'list' }, SECTIONS.map((s) =>
      h('li', {}, h('a', { href: `/app/admin/${s}`, 'data-link': true, 'aria-current': s === section ? 'page' : null, text: t(`admin.${s}`) }))))),
    body));
  await RENDER[section](body, context);
  return () => {};
}

const csv = (value) => value.split(/[,，\s]+/).map((s) => s.trim()).filter(Boolean);
const input = (props) => h('input', props);
const saving = async (work, done, after) => {
  try { const result = await work(); announce(t(done)); if (after) await after(result); return result; } catch (error) { announce(error.message, 'error'); return null; }
};
const card = (title, ...children) => h('section', { class: 'card' }, h('h2', { text: title }), ...children);

function secretBox(label, secret) {
  return h('div', { class: 'secret', role: 'alert' }, h('p', { text: label }), h('code', { text: secret }));
}

const RENDER = {
  async teams(body) {
    const [teams, agents] = await Promise.all([get('/admin/teams'), get('/admin/agents')]);
    const name = input({ required: true, maxlength: 100, id: 'team-name' });
    const members = input({ id: 'team-members', placeholder: '1003, 1004' });
    replace(body,
      card(t('admin.newTeam'), h('form', { class: 'inline', onsubmit: async (e) => {
        e.preventDefault();
        await saving(() => post('/admin/teams', { name: name.value.trim(), memberAgentNumbers: csv(members.value) }), 'admin.saved', () => RENDER.teams(body));
      } }, field(t('admin.name'), name), field(t('admin.members'), members, t('admin.membersHint')), h('button', { class: 'primary', type: 'submit', id: 'create-team', text: t('admin.create') }))),
      card(t('admin.teams'), h('table', {}, h('thead', {}, h('tr', {}, [t('admin.name'), t('admin.members'), t('admin.strategy'), t('admin.calendar'), ''].map((c) => h('th', { scope: 'col', text: c })))),
        h('tbody', {}, teams.map((team) => {
          const n = input({ value: team.name, 'aria-label': t('admin.name') });
          const m = input({ value: team.memberAgentNumbers.join(', '), 'aria-label': t('admin.members') });
          const strategy = select(['roundRobin', 'leastLoaded'].map((s) => [s, term('strategy', s)]), team.strategy, { 'aria-label': t('admin.strategy') });
          const calendar = input({ value: team.calendar ?? '', 'aria-label': t('admin.calendar'), placeholder: t('admin.alwaysOn') });
          return h('tr', { dataset: { team: team.name } }, h('td', {}, n), h('td', {}, m), h('td', {}, strategy), h('td', {}, calendar),
            h('td', {}, h('button', { type: 'button', text: t('admin.save'), onclick: () => saving(async () => {
              await put(`/admin/teams/${team.id}/members`, { name: n.value.trim(), memberAgentNumbers: csv(m.value) });
              await put(`/admin/routing/teams/${team.id}`, { strategy: strategy.value, overflowTeamId: team.overflowTeamId, calendar: calendar.value.trim() || null, offerTimeoutSeconds: team.offerTimeoutSeconds });
            }, 'admin.saved') })));
        })))),
      h('p', { class: 'muted small', text: t('admin.agentsHint', { count: agents.length }) }));
  },

  async agents(body) {
    const agents = await get('/admin/agents');
    const f = { agentNumber: input({ required: true, maxlength: 16, id: 'agent-number' }), displayName: input({ required: true, maxlength: 100, id: 'agent-name' }),
      email: input({ type: 'email', required: true, id: 'agent-email' }), password: input({ type: 'password', required: true, minlength: 10, autocomplete: 'new-password', id: 'agent-password' }) };
    const role = select(['agent', 'supervisor', 'admin'].map((r) => [r, term('role', r)]), 'agent', { id: 'agent-role' });
    replace(body,
      card(t('admin.newAgent'), h('form', { class: 'inline', onsubmit: async (e) => {
        e.preventDefault();
        await saving(() => post('/admin/agents', { agentNumber: f.agentNumber.value.trim(), displayName: f.displayName.value.trim(), email: f.email.value.trim(), password: f.password.value, role: role.value }),
          'admin.saved', () => RENDER.agents(body));
      } }, field(t('admin.agentNumber'), f.agentNumber), field(t('admin.name'), f.displayName), field(t('admin.email'), f.email),
      field(t('admin.role'), role), field(t('admin.password'), f.password), h('button', { class: 'primary', type: 'submit', text: t('admin.create') }))),
      card(t('admin.agents'), h('table', {}, h('thead', {}, h('tr', {}, [t('admin.agentNumber'), t('admin.name'), t('admin.role'), t('admin.chatCapacity'), t('admin.ticketCapacity'), t('admin.active'), ''].map((c) => h('th', { scope: 'col', text: c })))),
        h('tbody', {}, agents.map((a) => {
          const r = select(['agent', 'supervisor', 'admin'].map((x) => [x, term('role', x)]), a.role, { 'aria-label': t('admin.role') });
          const chat = input({ type: 'number', min: 0, max: 50, value: a.chatCapacity, 'aria-label': t('admin.chatCapacity'), class: 'narrow' });
          const tickets = input({ type: 'number', min: 0, max: 1000, value: a.ticketCapacity, 'aria-label': t('admin.ticketCapacity'), class: 'narrow' });
          const active = input({ type: 'checkbox', checked: a.isActive, 'aria-label': t('admin.active') });
          return h('tr', {}, h('td', { text: a.agentNumber }), h('td', { text: a.displayName }), h('td', {}, r), h('td', {}, chat), h('td', {}, tickets), h('td', {}, active),
            h('td', {}, h('button', { type: 'button', text: t('admin.save'), onclick: () => saving(async () => {
              await put(`/admin/agents/${a.agentNumber}/profile`, { role: r.value, isActive: active.checked });
              await put(`/admin/routing/agents/${a.agentNumber}`, { chatCapacity: Number(chat.value), ticketCapacity: Number(tickets.value), merchantId: a.merchantId });
            }, 'admin.saved') })));
        })))));
  },

  async routing(body) { await jsonEditor(body, t('admin.routing'), t('admin.routingHint'), () => get('/admin/routing'), (v) => put('/admin/routing', v)); },
  async ladder(body) { await jsonEditor(body, t('admin.ladder'), t('admin.ladderHint'), () => get('/admin/sla/escalation-ladder'), (v) => put('/admin/sla/escalation-ladder', v)); },

  async calendars(body) {
    const calendars = await get('/admin/sla/calendars');
    const editor = h('div');
    replace(body, card(t('admin.calendars'), h('ul', { class: 'plain' }, calendars.map((c) => h('li', {},
      h('button', { type: 'button', class: 'link', text: `${c.key}${c.name ? ` — ${c.name}` : ''}${c.builtIn ? ` (${t('admin.builtIn')})` : ''}`,
        onclick: () => jsonEditor(editor, c.key, t('admin.calendarHint'), () => get(`/admin/sla/calendars/${encodeURIComponent(c.key)}`),
          c.builtIn ? null : (v) => put(`/admin/sla/calendars/${encodeURIComponent(c.key)}`, v)) })))),
      h('p', { class: 'muted small', text: t('admin.calendarNew') })), editor);
  },

  async sla(body, context) {
    const [policies, calendars] = await Promise.all([get('/admin/sla/policies'), get('/admin/sla/calendars')]);
    const f = { name: input({ required: true, maxlength: 100, id: 'policy-name' }), position: input({ type: 'number', value: 10, id: 'policy-position' }),
      categories: input({ id: 'policy-categories', placeholder: 'refund, order' }), minTier: input({ type: 'number', min: 0, id: 'policy-tier' }),
      first: input({ type: 'number', min: 1, id: 'policy-first', value: 60 }), next: input({ type: 'number', min: 1, id: 'policy-next' }), resolution: input({ type: 'number', min: 1, id: 'policy-resolution' }) };
    const priorities = select([['', t('filter.anyPriority')], ...['urgent', 'high', 'normal', 'low'].map((p) => [p, term('priority', p)])], '', { id: 'policy-priority' });
    const calendar = select(calendars.map((c) => [c.key, c.name ? `${c.key} — ${c.name}` : c.key]), calendars.some((c) => c.key === 'cn-2026') ? 'cn-2026' : calendars[0]?.key, { id: 'policy-calendar' });
    const num = (el) => (el.value === '' ? null : Number(el.value));
    replace(body,
      card(t('admin.newPolicy'), h('form', { class: 'grid-form', onsubmit: async (e) => {
        e.preventDefault();
        await saving(() => post('/admin/sla/policies', {
          name: f.name.value.trim(), position: num(f.position), calendar: calendar.value,
          conditions: { categories: csv(f.categories.value), priorities: priorities.value ? [priorities.value] : [], minCustomerTier: num(f.minTier) },
          targets: { firstResponseMinutes: num(f.first), nextResponseMinutes: num(f.next), resolutionMinutes: num(f.resolution) },
        }), 'admin.saved', () => RENDER.sla(body, context));
      } }, field(t('admin.name'), f.name), field(t('admin.position'), f.position, t('admin.positionHint')),
      field(t('admin.categories'), f.categories, t('admin.categoriesHint', { codes: context.categories.map((c) => c.code).join(', ') })),
      field(t('ticket.priority'), priorities), field(t('admin.minTier'), f.minTier), field(t('admin.calendar'), calendar),
      field(t('admin.firstResponse'), f.first), field(t('admin.nextResponse'), f.next), field(t('admin.resolution'), f.resolution),
      h('button', { class: 'primary', type: 'submit', id: 'create-policy', text: t('admin.create') }))),
      card(t('admin.policies'), h('table', {}, h('thead', {}, h('tr', {}, [t('admin.position'), t('admin.name'), t('admin.conditions'), t('admin.targets'), t('admin.calendar'), ''].map((c) => h('th', { scope: 'col', text: c })))),
        h('tbody', {}, policies.map((p) => h('tr', { dataset: { policy: p.name } },
          h('td', { text: String(p.position) }), h('td', { text: p.name }),
          h('td', { text: [p.conditions.categories?.join(', '), p.conditions.priorities?.map((x) => term('priority', x)).join(', '), p.conditions.minCustomerTier != null ? `VIP ≥ ${p.conditions.minCustomerTier}` : ''].filter(Boolean).join(' · ') || t('admin.everything') }),
          h('td', { text: [['first', p.targets.firstResponseMinutes], ['next', p.targets.nextResponseMinutes], ['resolution', p.targets.resolutionMinutes]].filter(([, v]) => v != null).map(([k, v]) => `${t(`admin.short.${k}`)} ${v}′`).join(' · ') }),
          h('td', { text: p.calendar }),
          h('td', {}, h('button', { type: 'button', class: 'danger', text: t('admin.delete'), onclick: () => saving(() => del(`/admin/sla/policies/${p.id}`), 'admin.deleted', () => RENDER.sla(body, context)) }))))))));
  },

  async macros(body) {
    const macros = await get('/admin/macros');
    const title = input({ required: true, maxlength: 100, id: 'macro-title' });
    const text = h('textarea', { required: true, rows: 4, maxlength: 4000, id: 'macro-body' });
    let editing = null;
    const submit = h('button', { class: 'primary', type: 'submit', id: 'save-macro', text: t('admin.create') });
    replace(body,
      card(t('admin.macroEditor'), h('form', { onsubmit: async (e) => {
        e.preventDefault();
        const value = { title: title.value.trim(), body: text.value };
        await saving(() => (editing ? put(`/admin/macros/${editing}`, value) : post('/admin/macros', value)), 'admin.saved', () => RENDER.macros(body));
      } }, field(t('admin.title'), title), field(t('admin.macroBody'), text, t('admin.placeholders')), submit)),
      card(t('admin.macros'), h('ul', { class: 'plain macros' }, macros.map((m) => h('li', {},
        h('strong', { text: m.title }), h('p', { class: 'body', text: m.body }),
        h('button', { type: 'button', text: t('admin.edit'), onclick: () => { editing = m.id; title.value = m.title; text.value = m.body; submit.textContent = t('admin.save'); title.focus(); } }),
        h('button', { type: 'button', class: 'danger', text: t('admin.delete'), onclick: () => saving(() => del(`/admin/macros/${m.id}`), 'admin.deleted', () => RENDER.macros(body)) }))))));
  },

  async keys(body) {
    const keys = await get('/admin/integration-keys');
    const name = input({ required: true, maxlength: 100, id: 'key-name' });
    const revealed = h('div');
    replace(body,
      card(t('admin.newKey'), h('form', { class: 'inline', onsubmit: async (e) => {
        e.preventDefault();
        const created = await saving(() => post('/admin/integration-keys', { name: name.value.trim() }), 'admin.saved');
        if (created) { await RENDER.keys(body); body.prepend(secretBox(t('admin.secretOnce'), created.secret)); }
      } }, field(t('admin.name'), name), h('button', { class: 'primary', type: 'submit', text: t('admin.create') })), revealed),
      card(t('admin.keys'), h('table', {}, h('thead', {}, h('tr', {}, [t('admin.name'), t('admin.prefix'), t('admin.createdAt'), t('admin.state'), ''].map((c) => h('th', { scope: 'col', text: c })))),
        h('tbody', {}, keys.map((k) => h('tr', {}, h('td', { text: k.name }), h('td', {}, h('code', { text: `${k.prefix}…` })), h('td', { text: when(k.createdAt) }),
          h('td', { text: k.revokedAt ? t('admin.revoked') : t('admin.activeKey') }),
          h('td', {}, k.revokedAt ? null : h('button', { type: 'button', class: 'danger', text: t('admin.revoke'), onclick: () => saving(() => del(`/admin/integration-keys/${k.id}`), 'admin.saved', () => RENDER.keys(body)) }))))))));
  },

  async portal(body) {
    const key = await get('/admin/portal/key');
    replace(body, card(t('admin.portal'),
      h('p', { text: key.configured ? t('admin.portalSince', { time: when(key.createdAt) }) : t('admin.portalNone') }),
      h('p', { class: 'muted small', text: t('admin.portalHow') }),
      h('button', { type: 'button', class: 'primary', id: 'rotate-portal', text: key.configured ? t('admin.rotate') : t('admin.create'), onclick: async () => {
        const created = await saving(() => post('/admin/portal/key'), 'admin.saved');
        if (created) { await RENDER.portal(body); body.prepend(secretBox(t('admin.secretOnce'), created.secret)); }
      } })));
  },

  async workspace(body) {
    const ws = await get('/admin/workspace');
    const name = input({ value: ws.name, maxlength: 100, id: 'ws-name' });
    const zone = input({ value: ws.timeZone, maxlength: 64, id: 'ws-zone' });
    replace(body, card(t('admin.workspace'), h('form', { class: 'inline', onsubmit: async (e) => {
      e.preventDefault();
      await saving(() => put('/admin/workspace', { name: name.value.trim(), timeZone: zone.value.trim() }), 'admin.saved');
    } }, h('p', { class: 'muted', text: `${t('signin.workspace')}: ${ws.slug}` }), field(t('admin.name'), name), field(t('admin.timeZone'), zone, t('admin.timeZoneHint')),
    h('button', { class: 'primary', type: 'submit', text: t('admin.save') }))));
  },
};

async function jsonEditor(target, title, hint, load, save) {
  const value = await load();
  const area = h('textarea', { rows: 18, class: 'code', spellcheck: 'false', id: 'json-editor', readOnly: !save, value: JSON.stringify(value, null, 2) });
  replace(target, card(title, h('p', { class: 'muted small', text: hint }), field(t('admin.json'), area),
    save ? h('button', { type: 'button', class: 'primary', text: t('admin.save'), onclick: async () => {
      let parsed;
      try { parsed = JSON.parse(area.value); } catch (error) { announce(`${t('admin.badJson')}: ${error.message}`, 'error'); return; }
      await saving(() => save(parsed), 'admin.saved');
    } }) : null));
}
