// The agent's notifications (mentions, sub-tasks handed over, SLA warnings, nudges) behind a button in the top
// bar with the unread count; opening one marks it read and goes to its ticket.
import { get, post } from './api.js';
import { h, replace } from './dom.js';
import { t, term } from './i18n.js';
import { when } from './time.js';
import { watch } from './live.js';

export function mountNotices(slot, navigate) {
  let items = [];
  const count = h('span', { class: 'count', hidden: true });
  const button = h('button', { type: 'button', class: 'ghost notices-button', id: 'notices', 'aria-haspopup': 'dialog', onclick: () => open() },
    t('notice.button'), count);
  replace(slot, button);

  async function refresh() {
    const page = await get('/notifications?pageSize=30');
    items = page.items;
    const unread = items.filter((n) => !n.readAt).length;
    count.textContent = String(unread);
    count.hidden = unread === 0;
    button.setAttribute('aria-label', t('notice.buttonLabel', { n: unread }));
  }

  function describe(n) {
    const d = n.data ?? {};
    const by = d.byName ? `${d.byName} (${d.by})` : d.by ?? '';
    return t(`notice.${n.kind}`, { by, title: d.title ?? '', metric: d.metric ? term('metric', d.metric) : '' });
  }

  function open() {
    const dialog = h('dialog', { class: 'notices', 'aria-labelledby': 'notices-title' },
      h('h2', { id: 'notices-title', text: t('notice.title') }),
      items.length === 0 ? h('p', { class: 'muted', text: t('notice.none') }) : h('ol', {}, items.map((n) => h('li', { class: n.readAt ? '' : 'unread' },
        n.ticketNumber ? h('a', { href: `/app/tickets/${n.ticketNumber}`, onclick: async (e) => {
          e.preventDefault();
          if (!n.readAt) await post(`/notifications/${n.id}/read`).catch(() => {});
          dialog.close();
          navigate(`/app/tickets/${n.ticketNumber}`);
          refresh();
        }, text: `#${n.ticketNumber}` }) : null,
        h('span', { text: describe(n) }),
        h('time', { class: 'muted small', datetime: n.createdAt, text: when(n.createdAt) })))),
      h('form', { method: 'dialog' }, h('button', { class: 'primary', text: t('common.close') })));
    dialog.addEventListener('close', () => dialog.remove());
    document.body.appendChild(dialog);
    dialog.showModal();
  }

  refresh().catch(() => {});
  return watch('notifications', refresh, 30000);
}
