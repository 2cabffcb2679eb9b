// Dates and times the way people in the UK read them.

const DAYS = ['Sunday', 'Monday', 'Tuesday', 'Wednesday', 'Thursday', 'Friday', 'Saturday'];
const MONTHS = ['January', 'February', 'March', 'April', 'May', 'June', 'July', 'August', 'September', 'October', 'November', 'December'];

function parts(iso: string): [number, number, number] | null {
  const match = /^(\d{4})-(\d{2})-(\d{2})$/.exec(iso);
  return match ? [Number(match[1]), Number(match[2]), Number(match[3])] : null;
}

/** "2026-03-03" → "Tuesday 3 March 2026" */
export function longDate(iso: string): string {
  const p = parts(iso);
  if (!p) return iso;
  const date = new Date(Date.UTC(p[0], p[1] - 1, p[2]));
  return `${DAYS[date.getUTCDay()]} ${p[2]} ${MONTHS[p[1] - 1]} ${p[0]}`;
}

/** "2026-03-03" → "3 Mar 2026" */
export function mediumDate(iso: string): string {
  const p = parts(iso);
  return p ? `${p[2]} ${MONTHS[p[1] - 1].slice(0, 3)} ${p[0]}` : iso;
}

/** "2026-11" → "November 2026" */
export function monthName(month: string): string {
  const name = MONTHS[Number(month.slice(5, 7)) - 1];
  return name ? `${name} ${month.slice(0, 4)}` : month;
}

/** "10:00:00" → "10:00" */
export function clock(time: string): string {
  return time.slice(0, 5);
}

/** A moment ("2026-12-01T11:53:00Z") in this computer's time: "Tuesday 1 December 2026 at 11:53". */
export function madeAt(moment: string): string {
  const when = new Date(moment);
  if (Number.isNaN(when.getTime())) return moment;
  const pad = (n: number) => String(n).padStart(2, '0');
  return `${longDate(todayIso(when))} at ${pad(when.getHours())}:${pad(when.getMinutes())}`;
}

/** Today as "YYYY-MM-DD" in local time. */
export function todayIso(now: Date = new Date()): string {
  const pad = (n: number) => String(n).padStart(2, '0');
  return `${now.getFullYear()}-${pad(now.getMonth() + 1)}-${pad(now.getDate())}`;
}

/** "YYYY-MM-DD" a number of days after `iso`. */
export function addDays(iso: string, days: number): string {
  const p = parts(iso);
  if (!p) return iso;
  const date = new Date(Date.UTC(p[0], p[1] - 1, p[2] + days));
  return date.toISOString().slice(0, 10);
}

/** "1 mark", "2 marks": a count with its noun. */
export function counted(n: number, one: string, many: string): string {
  return `${n.toLocaleString('en-GB')} ${n === 1 ? one : many}`;
}

/** "once", "twice", "3 times". */
export function times(n: number): string {
  return n === 1 ? 'once' : n === 2 ? 'twice' : `${n.toLocaleString('en-GB')} times`;
}
