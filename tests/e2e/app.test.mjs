// End to end through the real window: WebDriver drives the built app
// (tauri-driver + WebKitWebDriver, under Xvfb) as a coordinator would.
//   node --test tests/e2e/   (after building target/debug/tend-desktop)
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, join, resolve } from 'node:path';
import { after, test } from 'node:test';
import { Browser, startDriver, stopDriver } from './webdriver.mjs';

const application = resolve(process.env.TEND_APP ?? 'target/debug/tend-desktop');
const home = mkdtempSync(join(tmpdir(), 'tend-e2e-'));
const env = {
  XDG_DATA_HOME: join(home, 'xdg-data'),
  XDG_CONFIG_HOME: join(home, 'xdg-config'),
  XDG_CACHE_HOME: join(home, 'xdg-cache'),
};
const HTML_NAME = '<img src=x onerror=alert(1)>';
after(async () => {
  // The keychain one test starts goes with the run.
  try {
    execFileSync('pkill', ['-x', 'gnome-keyring-d']);
  } catch {
    // None was started, or it is gone.
  }
  // A window left running once its driver is gone would hold the run open.
  if (appRunning()) {
    try {
      execFileSync('pkill', ['-KILL', '-x', basename(application)]);
    } catch {
      // Gone in the meantime.
    }
  }
  rmSync(home, { recursive: true, force: true });
});

/** Whether a copy of the app is still running (one closing slowly, or left
 * behind by a driver that was stopped). */
function appRunning() {
  try {
    execFileSync('pgrep', ['-x', basename(application)]);
    return true;
  } catch {
    return false;
  }
}

/** Waits up to `ms` for the window closed last to be gone (as it closes,
 * Tend makes its automatic backup, which takes a moment), then ends it if
 * it is still there: a second copy started meanwhile would only hand over
 * to it and leave, so the new window would never come. */
async function whenClosed(ms) {
  const deadline = Date.now() + ms;
  while (appRunning() && Date.now() < deadline) await new Promise((r) => setTimeout(r, 200));
  if (appRunning()) {
    try {
      execFileSync('pkill', ['-KILL', '-x', basename(application)]);
    } catch {
      // Gone in the meantime.
    }
  }
}

/** A driver of a test's own, on a data folder of its own (`data`) with a
 * folder of its own for what it saves and prints (`saved`), once no window
 * of an earlier test is left: Tend lets only one copy run, so one still
 * closing would keep the new window from opening. No test relies on
 * another's leftovers. */
async function ownDriver(folder, extra = {}) {
  await whenClosed(15_000);
  const data = join(home, folder);
  const saved = join(home, `${folder}-saved`);
  mkdirSync(saved, { recursive: true });
  return { ...(await startDriver({ ...env, ...extra, TEND_DATA_DIR: data, TEND_SAVE_DIR: saved })), data, saved };
}

/** Runs `steps` in a window of its own (see `ownDriver`), then closes the
 * window and its driver, whatever happened. */
async function inOwnWindow(folder, steps) {
  const own = await ownDriver(folder);
  const app = await Browser.open(own.url, application);
  try {
    await steps(app, own);
  } finally {
    await app.close();
    await stopDriver(own.driver);
  }
}

/** Waits until the page stops changing (the same text and width on two
 * looks in a row): a screen loads its data after it appears. */
async function settled(app) {
  let last = null;
  await app.waitFor('the page to settle', async () => {
    const now = await app.script('return document.body.innerText.length + ":" + document.documentElement.scrollWidth;');
    const same = now === last;
    last = now;
    return same;
  });
}

/** First run: the organisation's name, then Today's next steps. */
async function firstRun(app, name = 'Abermill Wellbeing') {
  await app.type(await app.find('#org-name'), name);
  await app.click(await app.button('Save and start'));
  await app.waitFor('what to do next', async () => (await app.pageText()).includes('What to do next'));
}

/** The weekday `days` from today, as the activity form names it. */
function weekday(days = 0) {
  const day = new Date();
  day.setDate(day.getDate() + days);
  return day.toLocaleDateString('en-GB', { weekday: 'long' });
}

/** The Tuesday Health Walk, meeting `days` after today's weekday (today's
 * session takes ticks; one still to come only apologies), its sessions added. */
async function addWalk(app, days = 0) {
  await app.click(await app.button('Activities & sessions'));
  await app.click(await app.button('New activity'));
  await app.type(await app.find('#activity-name'), 'Tuesday Health Walk');
  await app.type(await app.find('#activity-place'), 'Riverside Park gate');
  const [day] = await app.byXpath(`//select[@id="activity-day"]/option[normalize-space()="${weekday(days)}"]`);
  await app.click(day);
  await app.click(await app.button('Save activity'));
  await app.click(await app.button('Add sessions'));
  await app.waitFor('the sessions added', async () => /Added \d+ sessions?\./.test(await app.pageText()));
}

/** Adds `name` from People, expected at `activity` when one is given. */
async function addPerson(app, name, activity) {
  await app.click(await app.button('People'));
  await app.click(await app.button('Add a person'));
  await app.type(await app.find('#person-name'), name);
  if (activity) {
    const [option] = await app.byXpath(`//select[@id="person-activity"]/option[normalize-space()="${activity}"]`);
    await app.click(option);
  }
  await app.click(await app.button('Save person'));
  await app.waitFor(`${name} added`, async () => (await app.pageText()).includes(`${name} added.`));
}

/** A referral of `name` from Dr Siân Evans (added as a new referrer),
 * with consent to share progress with her when `share`. */
async function takeReferral(app, name, share) {
  await startReferral(app, name, share);
  await referredByDrEvans(app);
}

/** The new-referral form filled in for `name`, not saved yet. */
async function startReferral(app, name, share) {
  await app.click(await app.button('Referrals'));
  await app.click(await app.button('New referral'));
  await app.type(await app.find('#person-name'), name);
  if (share) {
    const [box] = await app.byXpath('//label[contains(., "To share progress")]/input');
    await app.click(box);
  }
}

/** Dr Siân Evans added as the referrer of the referral being taken, and it saved. */
async function referredByDrEvans(app) {
  await app.click(await app.button('Add a referrer…'));
  await app.type(await app.find('#referrer-name'), 'Dr Siân Evans');
  await app.type(await app.find('#referrer-organisation'), 'Abermill Surgery');
  await app.type(await app.find('#referrer-postcode'), 'AB1 3EF');
  await app.click(await app.button('Save referrer'));
  await app.click(await app.button('Save referral'));
  await app.waitFor('the referral saved', async () => (await app.pageText()).includes('Referral saved.'));
}

/** The register row of the person named `name`, waiting for it. */
async function rowOf(app, name) {
  return app.waitFor(`row for ${name}`, async () => {
    const rows = await app.elements('li.person');
    for (const row of rows) {
      if ((await app.text(row)).includes(name)) return row;
    }
    return undefined;
  });
}

async function markButton(app, name, mark) {
  const row = await rowOf(app, name);
  const buttons = await app.call('POST', `/element/${row}/elements`, { using: 'css selector', value: `button.${mark}` });
  return Object.values(buttons[0])[0];
}

const presentButton = (app, name) => markButton(app, name, 'present');

async function openFirstSession(app) {
  await app.click(await app.button('Activities & sessions'));
  await app.click(await app.find('.session-list button'));
  await app.find('li.person');
}

test('set up a walk, tick who came, restart: the tick is still there; mark by keyboard', async () => {
  const own = await ownDriver('walk-data');
  const { saved } = own;
  let app = await Browser.open(own.url, application);
  try {
    // First run: the organisation's details.
    await app.type(await app.find('#org-name'), 'Abermill Wellbeing');
    await app.click(await app.button('Save and start'));

    // Today says what to do next; its first step opens Activities.
    await app.waitFor('what to do next', async () => (await app.pageText()).includes('What to do next'));
    await app.click(await app.button('Add an activity'));
    await app.click(await app.button('New activity'));
    await app.click(await app.button('Save activity'));
    const nameError = await app.find('#activity-name-error');
    assert.equal(await app.text(nameError), 'Name is required.');
    await app.type(await app.find('#activity-name'), 'Tuesday Health Walk');
    await app.type(await app.find('#activity-place'), 'Riverside Park gate');
    // The walk meets on today's weekday, so today's session can take ticks
    // (a session still to come takes only apologies).
    const [day] = await app.byXpath(`//select[@id="activity-day"]/option[normalize-space()="${weekday()}"]`);
    await app.click(day);
    await app.click(await app.button('Save activity'));
    await app.click(await app.button('Add sessions'));
    const added = await app.find('[role="status"].banner');
    assert.match(await app.text(added), /^Added 1[34] sessions\.$/);

    // Two people, expected at the walk.
    await app.click(await app.button('People'));
    for (const name of [HTML_NAME, 'Zoë Ní Bhriain']) {
      await app.click(await app.button('Add a person'));
      await app.type(await app.find('#person-name'), name);
      const [option] = await app.byXpath('//select[@id="person-activity"]/option[normalize-space()="Tuesday Health Walk"]');
      await app.click(option);
      await app.click(await app.button('Save person'));
      await app.waitFor(`${name} in the list`, async () => (await app.pageText()).includes(`${name} added.`));
    }

    // A name that looks like HTML is shown as text, never as an element.
    assert.ok((await app.pageText()).includes(HTML_NAME));
    assert.equal(await app.script('return document.querySelectorAll("img").length;'), 0);

    // Tick Zoë present at the first session.
    await openFirstSession(app);
    await app.click(await presentButton(app, 'Zoë Ní Bhriain'));
    await app.waitFor('the tick to be saved', async () => (await app.attribute(await presentButton(app, 'Zoë Ní Bhriain'), 'aria-pressed')) === 'true');
    assert.equal(await app.script('return document.querySelectorAll("img").length;'), 0);
  } finally {
    await app.close();
  }

  // Restart the app on the same data, once the first has finished closing.
  await whenClosed(60_000);
  app = await Browser.open(own.url, application);
  try {
    await openFirstSession(app);
    const zoe = await presentButton(app, 'Zoë Ní Bhriain');
    assert.equal(await app.attribute(zoe, 'aria-pressed'), 'true');
    const other = await presentButton(app, HTML_NAME);
    assert.equal(await app.attribute(other, 'aria-pressed'), 'false');

    // Focus starts in "Find a person"; Esc clears what was typed.
    const find = await app.find('#find-person');
    await app.waitFor('focus in Find a person', async () => (await app.script('return document.activeElement && document.activeElement.id;')) === 'find-person');
    await app.type(find, 'rho');
    await app.call('POST', `/element/${find}/value`, { text: '\uE00C' });
    await app.waitFor('the search cleared', async () => (await app.script('return document.getElementById("find-person").value;')) === '');

    // Print the sign-in sheet in one click, and the leader's copy.
    await app.click(await app.button('Print sign-in sheet'));
    const sheetFile = () => readdirSync(saved).find((f) => f.startsWith('Sign-in sheet – Tuesday Health Walk – ') && f.endsWith('.pdf'));
    await app.waitFor('the sign-in sheet printed', async () => sheetFile(), 30_000);
    assert.match(execFileSync('pdftotext', [join(saved, sheetFile()), '-'], { encoding: 'utf8' }), /Zoë Ní Bhriain/);
    await app.click(await app.button('Leader’s copy (confidential)'));
    await app.waitFor('the leader’s copy', async () => readdirSync(saved).some((f) => f.startsWith('Leader’s copy – Tuesday Health Walk – ')), 30_000);

    // Keyboard only: find Zoë by typing, Enter to reach her row, A for apologies.
    await app.type(find, 'zo');
    await app.call('POST', `/element/${find}/value`, { text: '\uE007' });
    const focused = Object.values(await app.call('GET', '/element/active'))[0];
    assert.match(await app.text(focused), /Zoë Ní Bhriain/);
    await app.call('POST', `/element/${focused}/value`, { text: 'a' });
    await app.waitFor('apologies by keyboard', async () => (await app.attribute(await markButton(app, 'Zoë Ní Bhriain', 'apologies'), 'aria-pressed')) === 'true');
    assert.equal(await app.attribute(await presentButton(app, 'Zoë Ní Bhriain'), 'aria-pressed'), 'false');

    // Move the session a day later; its marks go with it.
    await app.click(await app.button('Move this session'));
    await app.script(`const input = document.getElementById('move-date');
      const next = new Date(input.value + 'T00:00:00Z'); next.setUTCDate(next.getUTCDate() + 1);
      input.value = next.toISOString().slice(0, 10); input.dispatchEvent(new Event('input', { bubbles: true }));`);
    await app.click(await app.button('Move the session'));
    const reasonError = await app.find('#move-reason-error');
    assert.match(await app.text(reasonError), /Say why/);
    await app.type(await app.find('#move-reason'), 'Hall booked');
    await app.click(await app.button('Move the session'));
    await app.waitFor('the moved banner', async () => /Moved from \w+day \d+ \w+ \d{4}: Hall booked/.test(await app.pageText()));
    assert.equal(await app.attribute(await markButton(app, 'Zoë Ní Bhriain', 'apologies'), 'aria-pressed'), 'true');

    // The week view and the stopped-coming list open on this data.
    await app.click(await app.button('Week'));
    await app.waitFor('the week', async () => (await app.pageText()).includes('Week beginning'));
    await app.click(await app.button('Stopped coming'));
    await app.waitFor('the stopped-coming list', async () => (await app.pageText()).includes('Nobody has missed 3 sessions in a row.'));
  } finally {
    await app.close();
    await stopDriver(own.driver);
  }
});

test('take a referral, print its acknowledgement from Letters to send, find it in their record, save everything held about her', () =>
  inOwnWindow('referral-data', async (app, { saved }) => {
    await firstRun(app);
    await startReferral(app, 'Mererid Hopwood', true);

    // No referrer yet: the message sits by the referrer field.
    await app.click(await app.button('Save referral'));
    assert.equal(await app.text(await app.find('#find-referrer-error')), 'Choose who referred them.');
    await referredByDrEvans(app);

    await app.click(await app.button('Letters to send'));
    await app.waitFor('the acknowledgement due', async () => (await app.pageText()).includes('Acknowledgement about Mererid Hopwood'));
    await app.click(await app.button('Print the letter'));
    await app.click(await app.button('Mark 1 as sent'));
    await app.waitFor('marked sent', async () => (await app.pageText()).includes('1 letter marked as sent'));
    assert.ok((await app.pageText()).includes('No letters are due.'));

    const [pdf] = readdirSync(saved).filter((f) => f.startsWith('Letters'));
    const text = execFileSync('pdftotext', [join(saved, pdf), '-'], { encoding: 'utf8' });
    assert.match(text, /Dear Dr Siân Evans,/);
    assert.match(text, /Re: Mererid Hopwood/);
    assert.match(text, /871731000000106/);
    assert.doesNotMatch(text, /has not given consent/);

    await app.click(await app.button('People'));
    await app.click(await app.button('Mererid Hopwood'));
    await app.waitFor('the letter in her record', async () => /Acknowledgement to Dr Siân Evans, Abermill Surgery, sent/.test(await app.pageText()));

    // Everything we hold about her, for a subject access request: the PDF
    // holds her details, the referral and the letter as it was sent.
    await app.click(await app.button('Save as a PDF to send them'));
    await app.waitFor('the reply saved', async () => (await app.pageText()).includes('Saved to'));
    const [reply] = readdirSync(saved).filter((f) => f.startsWith('Everything we hold about Mererid Hopwood') && f.endsWith('.pdf'));
    const held = execFileSync('pdftotext', [join(saved, reply), '-'], { encoding: 'utf8' });
    assert.match(held, /Everything we hold about Mererid Hopwood/);
    assert.match(held, /A referral from Dr Siân Evans, Abermill Surgery/);
    assert.match(held, /Acknowledgement letter to Dr Siân Evans/);
    assert.match(held, /ico\.org\.uk/);
    await app.click(await app.button('Save as a JSON file'));
    await app.waitFor('the JSON saved', async () => readdirSync(saved).some((f) => f.startsWith('Everything we hold about Mererid Hopwood') && f.endsWith('.json')));
  }));

test('add a volunteer, fill a rota gap by hand, the gap closes; print the rota and their calendar', () =>
  inOwnWindow('rota-data', async (app, { saved }) => {
    await firstRun(app);
    await addWalk(app);
    // The walk needs a walk leader each session.
    await app.click(await app.button('Activities & sessions'));
    await app.click(await app.button('Tuesday Health Walk'));
    await app.click(await app.button('Change details'));
    await app.click(await app.button('Add a role'));
    await app.type(await app.find('input[list="role-names"]'), 'Walk leader');
    await app.click(await app.button('Save activity'));
    await app.waitFor('the activity saved', async () => !(await app.elements('input[list="role-names"]')).length);

    // A volunteer who can lead, free every day; without a role they are refused.
    await app.click(await app.button('Volunteers'));
    await app.click(await app.button('Add a volunteer'));
    await app.type(await app.find('#volunteer-name'), 'Dafydd ap Gwilym');
    await app.click(await app.button('Save volunteer'));
    await app.waitFor('the role message', async () => (await app.pageText()).includes('Choose at least one role they can fill.'));
    const [leader] = await app.byXpath('//fieldset[legend="Roles they can fill"]//label[normalize-space()="Walk leader"]/input');
    await app.click(leader);
    for (const day of await app.byXpath('//fieldset[legend="Usually free on"]//input')) await app.click(day);
    await app.click(await app.button('Save volunteer'));
    await app.waitFor('the volunteer saved', async () => (await app.pageText()).includes('Saved Dafydd ap Gwilym.'));

    // The rota shows the gaps; the month may have no walks left, so look ahead.
    await app.click(await app.button('Rota'));
    const gapCount = async () => Number((await app.text(await app.find('#rota-gaps'))).match(/^(\d+) slots?/)?.[1] ?? 0);
    for (let i = 0; i < 2 && (await gapCount()) === 0; i++) {
      await app.click(await app.button('Next ›'));
      await app.waitFor('the next month', async () => (await app.elements('#rota-gaps')).length > 0);
      await settled(app);
    }
    const before = await gapCount();
    assert.ok(before > 0, 'the walks need a leader');
    await app.click(await app.button('Needed: Walk leader'));
    await app.click(await app.button('Assign Dafydd ap Gwilym'));
    await app.waitFor('assigned', async () => (await app.pageText()).includes('Dafydd ap Gwilym is on the rota.'));
    await app.waitFor('one gap fewer', async () => (await gapCount()) === before - 1);
    const filled = await Promise.all((await app.elements('.filled')).map((slot) => app.text(slot)));
    assert.ok(filled.some((words) => /Walk leader\s+Dafydd ap Gwilym/.test(words)), filled.join(' | '));

    await app.click(await app.button('Print rota'));
    await app.waitFor('the rota printed', async () => (await app.pageText()).includes('The rota opened to print.'));
    const [rota] = readdirSync(saved).filter((f) => f.startsWith('Rota '));
    const text = execFileSync('pdftotext', [join(saved, rota), '-'], { encoding: 'utf8' });
    assert.match(text, /Dafydd ap Gwilym/);
    assert.match(text, /Needed/);

    await app.click(await app.button('Volunteers'));
    await app.click(await app.button('Calendar file'));
    await app.waitFor('the calendar saved', async () => (await app.pageText()).includes('calendar file'));
    const [ics] = readdirSync(saved).filter((f) => f.endsWith('.ics'));
    const calendar = execFileSync('cat', [join(saved, ics)], { encoding: 'utf8' });
    assert.equal(calendar.match(/BEGIN:VEVENT/g)?.length, 1);
    assert.match(calendar, /SUMMARY:Walk leader – Tuesday Health Walk/);
  }));

test('put a record right: a look-alike is shown, a name and phone corrected, a consent withdrawn, two records merged', () =>
  inOwnWindow('records-data', async (app) => {
    // The walk meets tomorrow; Zoë sends apologies for it; Mererid was referred.
    await firstRun(app);
    await addWalk(app, 1);
    await addPerson(app, 'Zoë Ní Bhriain', 'Tuesday Health Walk');
    await openFirstSession(app);
    await app.click(await markButton(app, 'Zoë Ní Bhriain', 'apologies'));
    await app.waitFor('her apologies', async () => (await app.attribute(await markButton(app, 'Zoë Ní Bhriain', 'apologies'), 'aria-pressed')) === 'true');
    await takeReferral(app, 'Mererid Hopwood', true);

    // Adding "Zoe Ni Bhriain" shows the Zoë already in Tend before anything is saved.
    await app.click(await app.button('People'));
    await app.click(await app.button('Add a person'));
    await app.type(await app.find('#person-name'), 'zoe ni bhriain');
    await app.waitFor('the look-alike', async () => (await app.pageText()).includes('Possibly already in Tend as Zoë Ní Bhriain (the same name)'));
    await app.click(await app.button('Save person'));
    assert.match(await app.text(await app.find('#person-name-error')), /Possibly already in Tend as Zoë Ní Bhriain/);

    // Say this is someone new, and they are expected at the walk: a second record.
    const [confirm] = await app.byXpath('//label[contains(., "This is someone new")]/input');
    await app.click(confirm);
    const [option] = await app.byXpath('//select[@id="person-activity"]/option[normalize-space()="Tuesday Health Walk"]');
    await app.click(option);
    await app.click(await app.button('Save person'));
    await app.waitFor('the second record', async () => (await app.pageText()).includes('zoe ni bhriain added.'));

    // The second record sends apologies for the next session (it is still to come:
    // present and absent wait for the day).
    await openFirstSession(app);
    assert.equal(await app.script('return document.querySelector(`li.person[data-participant] button.present:disabled`) !== null;'), true);
    await app.click(await markButton(app, 'zoe ni bhriain', 'apologies'));
    await app.waitFor('the apologies', async () => (await app.attribute(await markButton(app, 'zoe ni bhriain', 'apologies'), 'aria-pressed')) === 'true');

    // Correct Mererid's name and phone in her record.
    await app.click(await app.button('People'));
    await app.click(await app.button('Mererid Hopwood'));
    await app.click(await app.button('Change details'));
    await app.type(await app.find('#person-name'), 'Mererid Hopwood-Jones');
    await app.type(await app.find('#person-phone'), '07700 900123');
    await app.click(await app.button('Save changes'));
    await app.waitFor('the details saved', async () => (await app.pageText()).includes('Mererid Hopwood-Jones: details saved.'));
    const details = await app.text(await app.find('dl.details'));
    assert.match(details, /07700 900123/);
    assert.match(await app.pageText(), /details corrected \(Name, Phone\)/);

    // Withdraw her consent to share: the record keeps both answers.
    const [withdraw] = await app.byXpath('//ul[@aria-label="Consents"]/li[contains(., "Share progress with referrer")]//button[normalize-space()="Record withdrawn…"]');
    await app.click(withdraw);
    await app.click(await app.button('Save'));
    await app.waitFor('the consent withdrawn', async () => /Share progress with referrer: given \w+day \d+ \w+ \d{4}, withdrawn or refused \w+day/.test(await app.pageText()));

    // Merge the second Zoë into the first: one row at the session, her tick kept.
    await app.type(await app.find('#people-filter'), 'zoe');
    await app.click(await app.button('Zoë Ní Bhriain'));
    await app.click(await app.button('Merge with another record…'));
    await app.type(await app.find('#merge-find'), 'zoe ni');
    await app.click(await app.button('zoe ni bhriain'));
    await app.click(await app.button('Merge into this record…'));
    await app.click(await app.button('Yes, merge them'));
    await app.waitFor('the merge', async () => (await app.pageText()).includes('Moved 1 attendance mark, 0 referrals, 0 letters to Zoë Ní Bhriain; 1 session marked on both records now has one mark'));
    await app.waitFor('one Zoë in the list', async () => /1 of \d+ people match/.test(await app.pageText()));

    await openFirstSession(app);
    await rowOf(app, 'Zoë Ní Bhriain');
    const rows = await Promise.all((await app.elements('li.person')).map((row) => app.text(row)));
    assert.equal(rows.filter((r) => /zo[eë] n[ií] bhriain/i.test(r)).length, 1, rows.join(' | '));
    assert.equal(await app.attribute(await markButton(app, 'Zoë Ní Bhriain', 'apologies'), 'aria-pressed'), 'true');
  }));

test('back up to a stick from Today, then restore it after seeing what it holds', () =>
  inOwnWindow('backup-data', async (app, { saved }) => {
    await firstRun(app);
    await addPerson(app, 'Zoë Ní Bhriain');
    await app.click(await app.button('Today'));
    // Today asks for a backup to another place, and makes one.
    await app.waitFor('the backup reminder', async () => (await app.pageText()).includes('No backup to another place yet.'));
    await app.click(await app.button('Back up now'));
    await app.waitFor('the backup', async () => (await app.pageText()).includes('The backup is on the stick; it is safe to remove it.'));
    await app.waitFor('the reminder answered', async () => (await app.pageText()).includes('Last backup to another place: today.'));
    const backups = readdirSync(saved).filter((f) => f.endsWith('.tendbackup'));
    assert.equal(backups.length, 1, backups.join(', '));
    assert.match(backups[0], /^Abermill Wellbeing backup \d{4}-\d{2}-\d{2} \d{4}\.tendbackup$/);

    // Someone added after the backup…
    await app.click(await app.button('People'));
    await app.click(await app.button('Add a person'));
    await app.type(await app.find('#person-name'), 'Gwenllian Afterwards');
    await app.click(await app.button('Save person'));
    await app.waitFor('the new person', async () => (await app.pageText()).includes('Gwenllian Afterwards added.'));

    // …is gone once the backup is restored, after seeing what it holds.
    await app.click(await app.button('Settings'));
    await app.click(await app.button('Restore from a backup…'));
    const chosen = await app.find('[aria-label="The chosen backup"]');
    const holds = await app.text(chosen);
    assert.match(holds, /is whole and can be restored/);
    assert.match(holds, /Made \w+day \d+ \w+ \d{4} at \d\d:\d\d by Abermill Wellbeing\./);
    assert.match(holds, /It holds 1 person, /);
    await app.click(await app.button('Replace what Tend holds with this backup'));
    await app.waitFor('the restore', async () => (await app.pageText()).includes('Restored. Tend now holds 1 person, '), 30_000);
    await app.click(await app.button('People'));
    await app.type(await app.find('#people-filter'), 'Gwenllian');
    await app.waitFor('the search', async () => /0 of 1 person match/.test(await app.pageText()));
    assert.ok(!(await app.pageText()).includes('Gwenllian Afterwards'));
  }));

/** Every file under `dir`, as bytes. */
function filesUnder(dir) {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    return statSync(path).isDirectory() ? filesUnder(path) : [[path, readFileSync(path)]];
  });
}

test('print the privacy notice, confirm the retention schedule, turn on encryption from Settings with the Emergency sheet, restart and unlock, then let the keychain unlock it', async () => {
  const passphrase = 'the canal path after rain';
  // The first window runs with no D-Bus session, so no keychain, as on
  // many a plain Linux install.
  let own = await ownDriver('encryption-data', { DBUS_SESSION_BUS_ADDRESS: 'unix:path=/nonexistent' });
  const { saved } = own;
  let app = await Browser.open(own.url, application);
  try {
    await firstRun(app);
    await addPerson(app, 'Zoë Ní Bhriain');
    await app.click(await app.button('Today'));
    // Today recommends it; Settings asks for a passphrase first.
    await app.waitFor('the encryption reminder', async () => (await app.pageText()).includes('This data is not encrypted.'));
    await app.click(await app.button('Turn on encryption (recommended)'));
    // Settings also prints the privacy notice to give participants,
    // drafted from the organisation's details.
    await app.click(await app.button('Print the privacy notice'));
    await app.waitFor('the notice saved', async () => readdirSync(saved).some((f) => f.startsWith('Privacy notice')), 30_000);
    const [notice] = readdirSync(saved).filter((f) => f.startsWith('Privacy notice'));
    const words = execFileSync('pdftotext', [join(saved, notice), '-'], { encoding: 'utf8' });
    assert.match(words, /How Abermill Wellbeing looks after your information/);
    assert.match(words, /Page 1 of 1/);
    // The retention schedule is Tend's suggestion until it is confirmed.
    assert.ok((await app.pageText()).includes("These are Tend's suggested periods."));
    await app.click(await app.button('Confirm this schedule'));
    await app.waitFor('the schedule confirmed', async () => (await app.pageText()).includes('Your schedule, confirmed on'));
    await app.type(await app.find('#passphrase'), 'too short');
    await app.type(await app.find('#again'), 'too short');
    await app.click(await app.button('Turn on encryption…'));
    assert.match(await app.text(await app.find('#passphrase-error')), /^A passphrase needs at least 10 characters/);
    await app.type(await app.find('#passphrase'), passphrase);
    await app.type(await app.find('#again'), passphrase);
    await app.click(await app.button('Turn on encryption…'));

    // The Emergency sheet is saved (and would open to print); its key is read off it.
    await app.click(await app.button('Save the Emergency sheet…'));
    await app.waitFor('the sheet', async () => (await app.pageText()).includes('Print it now.'));
    const sheet = join(saved, 'Tend Emergency sheet.pdf');
    const text = execFileSync('pdftotext', ['-layout', sheet, '-'], { encoding: 'utf8' });
    const groups = text.split('\n').filter((line) => line.includes(' - ')).flatMap((line) => line.split(' - ').map((g) => g.trim()));
    assert.equal(groups.length, 9, text);
    const label = await app.text(await app.find('label[for="check"]'));
    const group = Number(label.match(/^Group (\d) of the recovery key/)[1]);

    // Only the right group of the key finishes it.
    await app.type(await app.find('#check'), 'ZZZZ');
    await app.click(await app.button('Encrypt the data'));
    assert.match(await app.text(await app.find('#check-error')), new RegExp(`^That is not group ${group} of the recovery key`));
    await app.type(await app.find('#check'), groups[group - 1].toLowerCase());
    await app.click(await app.button('Encrypt the data'));
    await app.waitFor('encryption', async () => (await app.pageText()).includes('Encryption is on.'), 30_000);

    // With no keychain running, unlocking by itself is refused beside the box.
    await app.click(await app.find('#unlock_automatically'));
    assert.match(await app.text(await app.find('#unlock_automatically-error')), /^This computer has no keychain Tend can use/);
    assert.equal(await app.script('return document.getElementById("unlock_automatically").checked;'), false);
  } finally {
    await app.close();
    await stopDriver(own.driver);
  }

  // Nothing anyone typed can be read from the data folder, once the window
  // has finished closing.
  await whenClosed(60_000);
  own = await ownDriver('encryption-data');
  for (const [path, bytes] of filesUnder(own.data)) {
    for (const name of ['Zoë Ní Bhriain', 'Bhriain', 'Abermill Wellbeing']) {
      assert.ok(!bytes.includes(Buffer.from(name)), `${path} holds ${name}`);
    }
  }

  // After a restart Tend asks for the passphrase; a wrong one is said next to it.
  app = await Browser.open(own.url, application);
  try {
    await app.waitFor('the unlock screen', async () => (await app.pageText()).includes('This data is encrypted.'));
    await app.type(await app.find('#passphrase'), 'the canal path after snow');
    await app.click(await app.button('Unlock'));
    assert.equal(await app.text(await app.find('#passphrase-error')), 'That passphrase does not open this data.');
    await app.type(await app.find('#passphrase'), passphrase);
    await app.click(await app.button('Unlock'));
    await app.click(await app.button('People'));
    await app.waitFor('Zoë, still there', async () => (await app.pageText()).includes('Zoë Ní Bhriain'));
    assert.ok(!(await app.pageText()).includes('This data is not encrypted.'));

    // A real keychain (GNOME Keyring's Secret Service, in this test's own
    // folders) takes the key, and the next start opens without asking.
    startKeychain();
    await app.click(await app.button('Settings'));
    await app.click(await app.find('#unlock_automatically'));
    await app.waitFor('it is on', async () => (await app.pageText()).includes('Tend will now open on this computer without asking for the passphrase.'));
  } finally {
    await app.close();
  }
  await whenClosed(60_000);
  app = await Browser.open(own.url, application);
  try {
    await app.click(await app.button('People'));
    await app.waitFor('Zoë, without the passphrase', async () => (await app.pageText()).includes('Zoë Ní Bhriain'));
    // Turned off, the keychain's entry goes with it.
    await app.click(await app.button('Settings'));
    await app.click(await app.find('#unlock_automatically'));
    await app.waitFor('it is off', async () => (await app.pageText()).includes('Tend will ask for the passphrase again each time it opens.'));
    assert.ok(!readFileSync(join(own.data, 'tend-keys.json'), 'utf8').includes('this_computer'));
  } finally {
    await app.close();
    await stopDriver(own.driver);
  }
});

/** Starts GNOME Keyring's Secret Service on the test's D-Bus session, its
 * keyring unlocked and kept under the test's own XDG_DATA_HOME. */
function startKeychain() {
  execFileSync('gnome-keyring-daemon', ['--unlock', '--components=secrets'], {
    input: 'walks by the canal\n',
    env: { ...process.env, ...env },
    stdio: ['pipe', 'ignore', 'inherit'],
  });
}

test('explore the demo, answer its subject access request from Today, erase him on request, then leave the demo and start for real', () =>
  inOwnWindow('demo-data', async (app) => {
    await app.click(await app.button('Explore with demo data'));
    await app.waitFor('the demo banner', async () => (await app.pageText()).includes('You are exploring demo data.'));
    // Someone in the demo has asked to see what is held: Today says when
    // it is due and opens their record, where it is answered.
    await app.waitFor('the request on Today', async () => /Subject access for Aled Roberts: due in \d+ days/.test(await app.pageText()));
    await app.click(await app.button('Open their record'));
    await app.waitFor('their record', async () => /Request received .*: due in \d+ days/.test(await app.pageText()));
    await app.click(await app.button('Answered today'));
    await app.waitFor('answered', async () => /Request received .*: answered /.test(await app.pageText()));
    await app.click(await app.button('Today'));
    await app.waitFor('Today again', async () => (await app.pageText()).includes('Rota gaps in the next 14 days'));
    assert.ok(!(await app.pageText()).includes('Subject access for Aled Roberts'));

    // He then asks to be erased: a name typed wrong is refused beside the
    // field, the right one erases him everywhere.
    await app.click(await app.button('People'));
    await app.type(await app.find('#people-filter'), 'aled');
    await app.click(await app.button('Aled Roberts'));
    // His baseline wellbeing, keyed in from the paper form.
    await app.type(await app.find('[id="q-ons4.life_satisfaction"]'), '4');
    await app.type(await app.find('[id="q-ons4.worthwhile"]'), '11');
    await app.type(await app.find('[id="q-ons4.happiness"]'), '5');
    await app.type(await app.find('[id="q-ons4.anxiety"]'), '7');
    await app.click(await app.button('Save this review'));
    assert.match(await app.text(await app.find('[id="q-ons4.worthwhile-error"]')), /from 0 to 10/);
    await app.type(await app.find('[id="q-ons4.worthwhile"]'), '6');
    await app.click(await app.button('Save this review'));
    await app.waitFor('the answers kept', async () => /Baseline, \w+day[\s\S]*worthwhile\?\s*6 out of 10/.test(await app.pageText()));

    await app.click(await app.button('Erase this person…'));
    await app.type(await app.find('#erase-reason'), 'Asked in writing to be erased');
    await app.type(await app.find('#erase-confirm'), 'aled roberts');
    await app.click(await app.button('Erase Aled Roberts'));
    assert.match(await app.text(await app.find('#erase-confirm-error')), /not their full name/);
    await app.type(await app.find('#erase-confirm'), 'Aled Roberts');
    await app.click(await app.button('Erase Aled Roberts'));
    await app.waitFor('the erasure', async () => /Erased on \w+day \d+ \w+ \d{4}\. Removed: their record/.test(await app.pageText()), 60_000);
    await app.waitFor('nobody found', async () => /0 of \d+ people match/.test(await app.pageText()));
    for (const screen of ['Today', 'Letters to send', 'Referrals']) {
      await app.click(await app.button(screen));
      await app.waitFor(screen, async () => (await app.pageText()).length > 100);
      assert.ok(!(await app.pageText()).includes('Aled Roberts'), `${screen} still names him`);
    }
    // Reports: this quarter's figures, nobody named.
    await app.click(await app.button('Reports'));
    const figures = await app.waitFor('the figures', async () => {
      const [table] = await app.byXpath('//table[@aria-label="Figures"]');
      return table && (await app.text(table));
    });
    assert.match(figures, /Sessions held\s*\d+/);
    assert.match(figures, /People who came\s*(\d+|<5)/);
    assert.ok(!figures.includes('Aled'), figures);
    const wellbeing = await app.text(await app.find('dl.wellbeing'));
    assert.match(wellbeing, /Life satisfaction\s*(\d+ people paired|Fewer than 5 people paired)/);

    // Settings' activity log says what was done, without naming him.
    await app.click(await app.button('Settings'));
    await app.click(await app.button('Show the activity log'));
    const log = await app.waitFor('the log', async () => {
      const [table] = await app.byXpath('//table[@aria-label="Activity log"]');
      return table && (await app.text(table));
    });
    assert.match(log, /Erased, by the coordinator/);
    assert.match(log, /Subject access request answered/);
    assert.ok(!log.includes('Aled'), log);
    await app.click(await app.button('Today'));
    await app.click(await app.button('Leave the demo and start for real'));
    await app.click(await app.button('Yes, remove the demo'));
    await app.find('#org-name');
    assert.ok(!(await app.pageText()).includes('You are exploring demo data.'));
  }));

test('record needs and a baseline for a new person, key in their review from the paper form, and see Reports pair them; print the report and the health-walk return', () =>
  inOwnWindow('reports-data', async (app, { saved }) => {
    /** The sentence Reports gives for a wellbeing measure. */
    const wellbeing = (label) =>
      app.script(`const dt = [...document.querySelectorAll('dl[aria-label="Wellbeing"] dt')].find((d) => d.textContent === arguments[0]);
        return dt ? dt.nextElementSibling.textContent : '';`, [label]);
    const paired = (sentence) => Number((/^(\d+) people paired/.exec(sentence) ?? [0, 0])[1]);
    /** The first element at `path`, once it is there. */
    const one = (path) => app.waitFor(path, async () => (await app.byXpath(path))[0]);
    /** The option of the period picker whose words start with `words`, once the periods have come. */
    const period = async (words) =>
      app.waitFor(`the period ${words}`, async () => (await app.byXpath(`//select[@id="report-period"]/option[starts-with(normalize-space(), "${words}")]`))[0]);
    const setDate = (id, daysAgo) =>
      app.script(`const input = document.getElementById(arguments[0]);
        const day = new Date(); day.setDate(day.getDate() - arguments[1]);
        input.value = day.toISOString().slice(0, 10); input.dispatchEvent(new Event('input', { bubbles: true }));`, [id, daysAgo]);
    await app.click(await app.button('Explore with demo data'));
    await app.waitFor('the demo banner', async () => (await app.pageText()).includes('You are exploring demo data.'));
    await app.click(await app.button('Reports'));
    await app.click(await period('This year'));
    await app.waitFor('the wellbeing figures', async () => paired(await wellbeing('Life satisfaction')) > 0);
    const before = paired(await wellbeing('Life satisfaction'));
    assert.ok((await app.elements('figure.chart svg')).length > 0, 'the charts are drawn');

    // A new person: gender for reports, then a baseline with what matters and needs.
    await app.click(await app.button('People'));
    await app.click(await app.button('Add a person'));
    await app.type(await app.find('#person-name'), 'Eirlys Prys');
    const female = await one('//select[@id="person-gender"]/option[normalize-space()="Female"]');
    await app.click(female);
    await app.click(await app.button('Save person'));
    await app.waitFor('her record saved', async () => (await app.pageText()).includes('Eirlys Prys added.'));
    await app.type(await app.find('#people-filter'), 'eirlys');
    await app.click(await app.button('Eirlys Prys'));
    await app.waitFor('her gender', async () => /Gender\s*Female/.test(await app.text(await app.find('dl.details'))));

    await setDate('review-date', 70);
    await app.type(await app.find('#review-what-matters'), 'Getting back to the choir');
    const alone = await one('//fieldset[legend="Needs"]//label[normalize-space()="Living alone"]/input');
    await app.click(alone);
    for (const [key, answer] of [['ons4.life_satisfaction', '4'], ['ons4.worthwhile', '5'], ['ons4.happiness', '3'], ['ons4.anxiety', '7']]) {
      await app.type(await app.find(`[id="q-${key}"]`), answer);
    }
    await app.click(await app.button('Save this review'));
    await app.waitFor('the baseline saved', async () => /Baseline, \w+day[\s\S]*Getting back to the choir/.test(await app.pageText()));

    // Ten weeks on, her review from the paper form: keyed with number keys.
    const review = await one('//select[@id="review-stage"]/option[normalize-space()="A review"]');
    await app.click(review);
    await app.script('document.getElementById("review-date").value = new Date().toISOString().slice(0, 10); document.getElementById("review-date").dispatchEvent(new Event("input", { bubbles: true }));');
    const friends = await one('//fieldset[legend="Benefits they report"]//label[normalize-space()="New friends"]/input');
    await app.click(friends);
    for (const [key, answer] of [['ons4.life_satisfaction', '7'], ['ons4.worthwhile', '8'], ['ons4.happiness', '7'], ['ons4.anxiety', '3']]) {
      await app.type(await app.find(`[id="q-${key}"]`), answer);
    }
    // An answer out of range is refused beside its question.
    await app.type(await app.find('[id="q-loneliness.left_out"]'), '4');
    await app.click(await app.button('Save this review'));
    await app.waitFor('the refusal', async () => (await app.pageText()).includes('An answer is a whole number from 1 to 3.'));
    await app.type(await app.find('[id="q-loneliness.left_out"]'), '2');
    await app.click(await app.button('Save this review'));
    await app.waitFor('the review saved', async () => /Review, \w+day \d+ \w+ \d{4}[\s\S]*Benefits they report\s*New friends/.test(await app.pageText()));

    // Reports pairs her: one more person with a baseline and a follow-up.
    await app.click(await app.button('Reports'));
    await app.click(await period('This year'));
    await app.waitFor('her pairing counted', async () => paired(await wellbeing('Life satisfaction')) === before + 1);

    /** Clicks `label` and waits for a file named `prefix…` in the saved folder, saying what the window said if none comes. */
    const saves = async (label, prefix) => {
      await app.click(await app.button(label));
      try {
        await app.waitFor(`${prefix}… saved`, async () => readdirSync(saved).some((f) => f.startsWith(prefix)), 30_000);
      } catch (e) {
        assert.fail(`${e.message}; the window says: ${await app.pageText()}; saved: ${readdirSync(saved).join(', ')}`);
      }
    };
    await saves('Print the report', 'Report – ');
    await saves('Print the health-walk return', 'Health-walk return – ');
    const [file] = readdirSync(saved).filter((f) => f.startsWith('Health-walk return – '));
    const text = execFileSync('pdftotext', [join(saved, file), '-'], { encoding: 'utf8' });
    assert.match(text, /Walkers by age band and gender/);
  }));

test('a season over Christmas leaves out the bank holidays and says so; Settings lists them for Scotland', () =>
  inOwnWindow('holidays-data', async (app) => {
    await app.type(await app.find('#org-name'), 'Abermill Choir');
    await app.click(await app.button('Save and start'));
    await app.click(await app.button('Activities & sessions'));
    await app.click(await app.button('New activity'));
    await app.type(await app.find('#activity-name'), 'Wednesday Choir');
    await app.type(await app.find('#activity-place'), 'Chapel vestry');
    const [day] = await app.byXpath('//select[@id="activity-day"]/option[normalize-space()="Wednesday"]');
    await app.click(day);
    await app.click(await app.button('Save activity'));
    await app.find('#generate-from');
    // Christmas Day 2030 is a Wednesday.
    await app.script(`for (const [id, value] of [['generate-from', '2030-12-18'], ['generate-to', '2031-01-01']]) {
        const input = document.getElementById(id); input.value = value; input.dispatchEvent(new Event('input', { bubbles: true }));
      }`);
    await app.click(await app.button('Add sessions'));
    await app.waitFor('what was added', async () => (await app.pageText()).includes('Added 1 session.'));
    const said = await app.pageText();
    assert.match(said, /Not added: Wednesday 25 December 2030, Christmas Day/);
    assert.match(said, /Not added: Wednesday 1 January 2031, New Year’s Day/);

    await app.click(await app.button('Settings'));
    const scotland = await app.waitFor('the nations', async () => (await app.byXpath('//select[@id="holiday-nation"]/option[normalize-space()="Scotland"]'))[0]);
    await app.click(scotland);
    await app.waitFor('Scotland’s holidays', async () => (await app.pageText()).includes('St Andrew’s Day'));
  }));

test('edit a letter in plain words: a placeholder from the list, a single-brace slip refused, Tend’s wording asked for and an earlier wording put back', () =>
  inOwnWindow('wording-data', async (app) => {
    await app.type(await app.find('#org-name'), 'Abermill Walkers');
    await app.click(await app.button('Save and start'));
    await app.click(await app.button('Letters to send'));
    // Tend's wording reads as words and labelled chips, no template code.
    const editor = await app.find('#template-text.chips');
    await app.waitFor('the chips', async () => (await app.text(editor)).includes('Person\'s name'));
    assert.doesNotMatch(await app.text(editor), /\{\{|\{%/);
    await app.waitFor('the letterhead in the preview', async () => (await app.text(await app.find('.paper'))).includes('Abermill Walkers'));
    // Already Tend's wording: nothing for "Use Tend's wording" to do.
    await app.waitFor('Tend’s wording said', async () => (await app.pageText()).includes('This letter is in Tend’s own wording.'));
    assert.equal(await app.attribute(await app.button('Use Tend’s wording'), 'disabled'), 'true');
    // Typed words and a placeholder from the list, put in where the caret is.
    await app.call('POST', `/element/${editor}/value`, { text: 'Croeso, ' });
    await app.click(await app.button('Name they go by'));
    await app.waitFor('the new chip in the preview', async () => (await app.text(await app.find('.paper'))).includes('Croeso, Zoë'));

    // A slip in single braces, typed in the template code, is refused in plain words.
    await app.click(await app.button('Template code (advanced)'));
    const code = await app.find('textarea#template-text');
    await app.type(code, 'Thank you for referring {participant.name}. ');
    await app.waitFor('the plain-words error', async () => (await app.pageText()).includes('“{participant.name}” has single braces. Did you mean Person\'s name?'));
    assert.equal(await app.attribute(await app.button('Save wording'), 'disabled'), 'true');

    // Put right by inserting the placeholder from the list, then saved.
    await app.type(code, 'Thank you for referring ');
    await app.click(await app.button('Person\'s name'));
    await app.waitFor('the placeholder in the text', async () => (await app.script("return document.getElementById('template-text').value;")).includes('{{ participant.name }}'));
    await app.waitFor('no error', async () => (await app.attribute(await app.button('Save wording'), 'disabled')) === null);
    await app.click(await app.button('Save wording'));
    await app.waitFor('saved', async () => (await app.pageText()).includes('Saved. Letters from now on use this wording.'));
    await app.waitFor('the preview of the new wording', async () => (await app.text(await app.find('.paper'))).includes('Thank you for referring Zoë Ní Bhriain'));

    // "Use Tend's wording" asks first; ours is kept and can be put back.
    await app.click(await app.button('Use Tend’s wording'));
    await app.click(await app.button('Keep mine'));
    assert.match(await app.script("return document.getElementById('template-text').value;"), /^Thank you for referring \{\{ participant.name \}\}/);
    await app.click(await app.button('Use Tend’s wording'));
    const [confirm] = await app.byXpath('//div[@role="alertdialog"]//button[normalize-space()="Use Tend’s wording"]');
    await app.click(confirm);
    await app.waitFor('Tend’s wording back', async () => (await app.script("return document.getElementById('template-text').value;")).includes('We received your referral on'));
    await app.waitFor('nothing more to put back', async () => (await app.attribute(await app.button('Use Tend’s wording'), 'disabled')) === 'true');
    await app.click(await app.find('#template-versions summary'));
    await app.click(await app.button('Put this back'));
    await app.waitFor('ours back', async () => (await app.script("return document.getElementById('template-text').value;")).startsWith('Thank you for referring {{ participant.name }}'));
  }));

test('import people from a spreadsheet (a look-alike left out unless ticked), a walk-in offered the person already in Tend, and the register printed with both', () =>
  inOwnWindow('import-data', async (app, { saved }) => {
    await firstRun(app);
    await addWalk(app);
    await addPerson(app, 'Zoë Ní Bhriain', 'Tuesday Health Walk');

    // The spreadsheet: one new person, one look-alike of Zoë (her name, a
    // date of birth her record does not have).
    writeFileSync(join(saved, 'members.csv'), 'Name,Date of birth,Phone\nGwilym Price,14/06/1951,07700 900111\nZoe Ni Bhriain,02/03/1950,\n');
    await app.click(await app.button('Import from a spreadsheet (CSV or Excel)…'));
    await app.waitFor('the preview', async () => (await app.pageText()).includes('Import from members.csv'));
    await app.waitFor('the check', async () => /1 new person will be added/.test(await app.pageText()));
    assert.match(await app.pageText(), /Possibly already in Tend as Zoë Ní Bhriain/);
    await app.click(await app.button('Import 1 person'));
    await app.waitFor('imported', async () => (await app.pageText()).includes('Imported 1 person from members.csv.'));
    await app.waitFor('Gwilym in the list, Zoë once', async () => /^2 people$/m.test(await app.pageText()));

    // At today's walk, typing a walk-in's name offers the person already in Tend.
    await openFirstSession(app);
    await app.type(await app.find('#walk-in-name'), 'gwilym');
    const [existing] = await app.waitFor('Gwilym offered', async () => app.byXpath('//button[starts-with(normalize-space(), "Gwilym Price") and contains(., "mark present")]').then((b) => (b.length ? b : undefined)));
    await app.click(existing);
    await app.waitFor('Gwilym marked', async () => (await app.pageText()).includes('Gwilym Price added as a walk-in and marked present.'));
    await app.type(await app.find('#walk-in-name'), 'Ffion Newydd');
    await app.click(await app.button('Add walk-in'));
    await app.waitFor('Ffion marked', async () => (await app.pageText()).includes('Ffion Newydd added as a walk-in and marked present.'));
    await app.waitFor('both present', async () => (await app.attribute(await presentButton(app, 'Ffion Newydd'), 'aria-pressed')) === 'true' && (await app.attribute(await presentButton(app, 'Gwilym Price'), 'aria-pressed')) === 'true');

    // The register prints in one click, with both walk-ins on it.
    await app.click(await app.button('Activities & sessions'));
    await app.click(await app.button('Tuesday Health Walk'));
    await app.click(await app.button('Print register'));
    const register = () => readdirSync(saved).find((f) => f.startsWith('Register – Tuesday Health Walk – ') && f.endsWith('.pdf'));
    await app.waitFor('the register printed', async () => register(), 30_000);
    const text = execFileSync('pdftotext', [join(saved, register()), '-'], { encoding: 'utf8' });
    assert.match(text, /Gwilym Price/);
    assert.match(text, /Ffion Newydd/);
  }));

test('a referral without consent to share gets a letter of the bare facts only', () =>
  inOwnWindow('consent-data', async (app, { saved }) => {
    await firstRun(app);
    await takeReferral(app, 'Rhodri Owen', false);
    await app.click(await app.button('Letters to send'));
    await app.waitFor('the acknowledgement due', async () => (await app.pageText()).includes('Acknowledgement about Rhodri Owen'));
    await app.click(await app.button('Print the letter'));
    const letters = () => readdirSync(saved).find((f) => f.startsWith('Letters') && f.endsWith('.pdf'));
    await app.waitFor('the letter printed', async () => letters(), 30_000);
    const text = execFileSync('pdftotext', [join(saved, letters()), '-'], { encoding: 'utf8' });
    assert.match(text, /Re: Rhodri Owen/);
    assert.match(text, /Rhodri\s+Owen\s+has\s+not\s+given\s+consent\s+for\s+us\s+to\s+share\s+more/);
    assert.doesNotMatch(text, /We\s+will\s+contact/);
  }));

test('at 200% text in a 1024×768 window no screen scrolls sideways, and the sections fold into a menu', () =>
  inOwnWindow('big-text-data', async (app) => {
    await app.call('POST', '/window/rect', { width: 1024, height: 768 }).catch(() => {});
    await app.click(await app.button('Explore with demo data'));
    await app.waitFor('the demo banner', async () => (await app.pageText()).includes('You are exploring demo data.'));
    await app.click(await app.button('Settings'));
    const big = await app.waitFor('the text sizes', async () => (await app.byXpath('//select[@id="text-size"]/option[normalize-space()="200%"]'))[0]);
    await app.click(big);
    await app.button('Menu');
    const sideways = () => app.script('return document.documentElement.scrollWidth - document.documentElement.clientWidth;');
    for (const section of ['Today', 'Week', 'Activities & sessions', 'People', 'Referrals', 'Letters to send', 'Stopped coming', 'Rota', 'Volunteers', 'Reports', 'Settings']) {
      await app.click(await app.button('Menu'));
      await app.click(await app.button(section));
      await app.waitFor(`${section} open`, async () => (await app.elements('main h1')).length > 0);
      await settled(app);
      assert.equal(await sideways(), 0, `${section} scrolls sideways at 200%`);
    }
    // Remembered: back to 100% with Ctrl 0 from the keyboard.
    const body = await app.find('body');
    await app.call('POST', `/element/${body}/value`, { text: '\uE0090' });
    await app.waitFor('100% again', async () => (await app.script('return document.documentElement.style.fontSize;')) === '100%');
  }));

test('axe-core finds nothing serious or critical (WCAG 2.2 A and AA) on any screen or main form', () =>
  inOwnWindow('axe-data', async (app) => {
    const axe = readFileSync(resolve('ui/node_modules/axe-core/axe.min.js'), 'utf8');
    /** What axe finds serious or critical on the page as it is now. */
    const check = async (where) => {
      await settled(app);
      await app.script(axe);
      const found = await app.call('POST', '/execute/async', {
        script: `const done = arguments[arguments.length - 1];
          axe.run(document, { runOnly: { type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22aa'] } })
            .then((r) => done(r.violations.filter((v) => v.impact === 'serious' || v.impact === 'critical')
              .map((v) => v.id + ': ' + v.nodes.slice(0, 3).map((n) => n.html.slice(0, 120)).join(' | '))))
            .catch((e) => done(['axe failed: ' + e]));`,
        args: [],
      });
      assert.deepEqual(found, [], `${where}: ${found.join('\n')}`);
    };
    await check('first run');
    await app.click(await app.button('Explore with demo data'));
    await app.waitFor('the demo banner', async () => (await app.pageText()).includes('You are exploring demo data.'));
    for (const section of ['Today', 'Week', 'Activities & sessions', 'People', 'Referrals', 'Letters to send', 'Stopped coming', 'Rota', 'Volunteers', 'Reports', 'Settings']) {
      await app.click(await app.button(section));
      await app.waitFor(`${section} open`, async () => (await app.elements('main h1')).length > 0);
      await check(section);
    }
    // The main forms, open and with their errors showing.
    await app.click(await app.button('People'));
    await app.click(await app.button('Add a person'));
    await app.click(await app.button('Save person'));
    await check('Add a person, with an error');
    await app.click(await app.button('Referrals'));
    await app.click(await app.button('New referral'));
    await check('New referral');
    await app.click(await app.button('Activities & sessions'));
    await app.click(await app.button('New activity'));
    await app.click(await app.button('Save activity'));
    await check('New activity, with an error');
    await app.click(await app.button('Volunteers'));
    await app.click(await app.button('Add a volunteer'));
    await check('New volunteer');
    await app.click(await app.button('Activities & sessions'));
    await app.click(await app.find('.session-list button'));
    await app.find('li.person');
    await check('a session');
  }));
