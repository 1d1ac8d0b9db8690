// Every time is shown in the workspace's time zone (default Asia/Shanghai), whatever the browser's.
import { locale, t } from './i18n.js';

let zone = 'Asia/Shanghai';
export const setZone = (z) => { zone = z || 'Asia/Shanghai'; };
export const timeZone = () => zone;

export function when(iso) {
  if (!iso) return '';
  return new Intl.DateTimeFormat(locale(), {
    timeZone: zone, month: '2-digit', day: '2-digit', hour: '2-digit', minute: '2-digit', hour12: false,
  }).format(new Date(iso));
}

function span(ms) {
  const minutes = Math.max(1, Math.round(Math.abs(ms) / 60000));
  if (minutes < 60) return t('time.minutes', { n: minutes });
  const hours = Math.floor(minutes / 60);
  if (hours < 48) return t('time.hoursMinutes', { h: hours, m: minutes % 60 });
  return t('time.days', { n: Math.round(hours / 24) });
}

/** "2 h 5 min left" or "overdue 10 min", against the browser clock. */
export function left(iso, now = Date.now()) {
  if (!iso) return '';
  const ms = new Date(iso).getTime() - now;
  return ms >= 0 ? t('time.left', { span: span(ms) }) : t('time.overdue', { span: span(ms) });
}

export function ago(iso, now = Date.now()) {
  return iso ? t('time.ago', { span: span(now - new Date(iso).getTime()) }) : '';
}

export const isOverdue = (iso, now = Date.now()) => !!iso && new Date(iso).getTime() < now;
