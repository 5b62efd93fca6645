import dayjs from 'dayjs';

/** A moment as local date and time, e.g. 2026-11-23 14:05. */
export const formatDateTime = (iso: string | null | undefined, fallback = '—'): string =>
  iso ? dayjs(iso).format('YYYY-MM-DD HH:mm') : fallback;

/** A moment to the second, for logs. */
export const formatTimestamp = (iso: string): string => dayjs(iso).format('YYYY-MM-DD HH:mm:ss');
