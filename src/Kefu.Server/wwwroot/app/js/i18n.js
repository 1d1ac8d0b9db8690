// UI text from /app/i18n/<locale>.json; zh-CN is the default, the choice is kept per browser.

export const LOCALES = [['zh-CN', '中文'], ['en', 'English']];
let dictionary = {};
let current = 'zh-CN';

export function initialLocale() {
  const saved = localStorage.getItem('kefu.locale');
  return LOCALES.some(([code]) => code === saved) ? saved : 'zh-CN';
}

export async function loadLocale(locale) {
  const response = await fetch(`/app/i18n/${locale}.json`, { credentials: 'same-origin' });
  dictionary = await response.json();
  current = locale;
  document.documentElement.lang = locale;
  localStorage.setItem('kefu.locale', locale);
}

export const locale = () => current;

export function t(key, values) {
  const text = dictionary[key] ?? key;
  return values ? text.replace(/\{(\w+)\}/g, (_, name) => values[name] ?? '') : text;
}

/** Text for an enum-like value (status, priority, metric, event kind), falling back to the value itself. */
export const term = (group, value) => dictionary[`${group}.${value}`] ?? value;
