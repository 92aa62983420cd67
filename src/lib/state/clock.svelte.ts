/**
 * The time zone every time in the app is shown and typed in: the browser's local zone or UTC,
 * chosen next to From/To and kept in localStorage (a preference of this browser, like the
 * theme). One date format everywhere: `2024-05-01 12:03:04`, the zone said once, beside From/To.
 */
export type Zone = 'local' | 'utc';
const ZONE_KEY = 'netpolish.timeZone';

class Clock {
  zone = $state<Zone>(readZone());

  set(zone: Zone): void {
    this.zone = zone;
    try {
      globalThis.localStorage?.setItem(ZONE_KEY, zone);
    } catch {
      // Storage may be disabled; the choice still holds on this page.
    }
  }

  /** "UTC", or the local zone's name and offset at `at`: "Europe/Paris, UTC+01:00". */
  label(at = Date.now()): string {
    if (this.zone === 'utc') return 'UTC';
    const name = Intl.DateTimeFormat().resolvedOptions().timeZone;
    const off = -new Date(at).getTimezoneOffset();
    const abs = Math.abs(off);
    const p = (n: number) => String(n).padStart(2, '0');
    const utc = `UTC${off < 0 ? '−' : '+'}${p(Math.floor(abs / 60))}:${p(abs % 60)}`;
    return name ? `${name}, ${utc}` : utc;
  }

  /** The parts of `ms` in the chosen zone. */
  parts(ms: number): [number, number, number, number, number, number] {
    const d = new Date(ms);
    return this.zone === 'utc'
      ? [
          d.getUTCFullYear(),
          d.getUTCMonth() + 1,
          d.getUTCDate(),
          d.getUTCHours(),
          d.getUTCMinutes(),
          d.getUTCSeconds(),
        ]
      : [
          d.getFullYear(),
          d.getMonth() + 1,
          d.getDate(),
          d.getHours(),
          d.getMinutes(),
          d.getSeconds(),
        ];
  }

  /** A `datetime-local` value (`2024-05-01T12:03:04`) read in the chosen zone; null if invalid. */
  parse(value: string): number | null {
    if (!value) return null;
    const t = this.zone === 'utc' ? Date.parse(`${value}Z`) : new Date(value).getTime();
    return Number.isFinite(t) ? t : null;
  }
}

function readZone(): Zone {
  try {
    return globalThis.localStorage?.getItem(ZONE_KEY) === 'utc' ? 'utc' : 'local';
  } catch {
    return 'local';
  }
}

export const clock = new Clock();

const pad = (n: number) => String(n).padStart(2, '0');

/** Epoch ms → `2024-05-01 12:03:04` in the chosen zone ('—' when unknown). */
export function formatTime(ms: number | null): string {
  if (ms === null || !Number.isFinite(ms)) return '—';
  const [y, mo, d, h, mi, s] = clock.parts(ms);
  return `${y}-${pad(mo)}-${pad(d)} ${pad(h)}:${pad(mi)}:${pad(s)}`;
}

/** Epoch ms → the value of a `datetime-local` input in the chosen zone ('' when unknown). */
export function inputTime(ms: number | null): string {
  return ms === null ? '' : formatTime(ms).replace(' ', 'T');
}
