// Saved inbox views: the current view and filters under a name, kept for oneself or shared with colleagues.
// Picking one opens the inbox with its filters; nothing is stored in the browser.
import { get, post, del } from './api.js';
import { h, replace, field, announce } from './dom.js';
import { t, term } from './i18n.js';

export function mountSavedViews(current, open) {
  let views = [];
  const picker = h('select', { id: 'saved-view', 'aria-label': t('saved.pick'), onchange: () => {
    const chosen = views.find((v) => v.id === picker.value);
    remove.hidden = !chosen || !chosen.mine;
    if (chosen) open(chosen);
  } });
  const remove = h('button', { type: 'button', class: 'ghost small', id: 'saved-delete', hidden: true, text: t('saved.delete'), onclick: async () => {
    const chosen = views.find((v) => v.id === picker.value);
    if (!chosen) return;
    try { await del(`/workbench/saved-views/${chosen.id}`); announce(t('saved.deleted', { name: chosen.name })); await load(); } catch (error) { announce(error.message, 'error'); }
  } });
  const name = h('input', { id: 'saved-name', maxlength: 60, required: true });
  const shared = h('input', { type: 'checkbox', id: 'saved-shared' });
  const form = h('form', { class: 'saved-form', hidden: true, onsubmit: async (e) => {
    e.preventDefault();
    const filters = current();
    try {
      await post('/workbench/saved-views', { name: name.value.trim(), view: filters.view, priority: filters.priority || null,
        category: filters.category || null, q: filters.q || null, shared: shared.checked });
      announce(t('saved.saved', { name: name.value.trim() }));
      name.value = '';
      shared.checked = false;
      form.hidden = true;
      await load();
    } catch (error) { announce(error.message, 'error'); }
  } },
  field(t('saved.name'), name),
  h('label', { class: 'check' }, shared, ` ${t('saved.shared')}`),
  h('button', { type: 'submit', id: 'saved-submit', text: t('saved.save') }));
  const toggle = h('button', { type: 'button', class: 'ghost small', id: 'save-view', text: t('saved.saveCurrent'),
    onclick: () => { form.hidden = !form.hidden; if (!form.hidden) name.focus(); } });

  async function load() {
    views = await get('/workbench/saved-views');
    const label = (v) => (v.mine ? v.name : `${v.name} · ${v.owner.displayName}`);
    const describe = (v) => [t(`view.${v.view}`), v.priority ? term('priority', v.priority) : null, v.category, v.q].filter(Boolean).join(' / ');
    replace(picker, h('option', { value: '', text: views.length ? t('saved.pick') : t('saved.none') }),
      views.map((v) => h('option', { value: v.id, title: describe(v), text: v.shared ? `${label(v)} (${t('saved.sharedMark')})` : label(v) })));
    remove.hidden = true;
  }

  load().catch(() => {});
  return h('div', { class: 'saved-views' }, h('div', { class: 'saved-row' }, picker, remove, toggle), form);
}
