/**
 * A busy case: a thousand notes of the largest size the API takes, on one case. The workflow
 * keeps none of them, so what it sends stays the size of one command: it still answers commands,
 * its follow-up timer still fires and records what it did, and it rolls over into a new run.
 * What it sends is measured where it is sent: scheduled activities, starts and continue-as-new
 * from history; local activities and update answers by the probe in the test worker.
 */
import { expect } from 'chai';
import { eventually } from '../helpers/eventually';
import { historyPayloads, probedPayloads, type SentPayload } from '../helpers/payload-sizes';
import { startSystem, type TestSystem } from '../helpers/system';
import { lowRisk, ok, toAssessment, types } from '../helpers/cases';
import { dailyCase } from '../fixtures/definitions';

const DAY = 24 * 60 * 60_000;
const NOTES = 1000;
/** The longest note the API takes, in characters. */
const NOTE_CHARS = 10_000;
const LIMIT_BYTES = 256 * 1024;

/** A note of the largest size, different for each: plain text, as the API takes it. */
const noteText = (i: number) => `Visit ${String(i).padStart(4, '0')}: `.padEnd(NOTE_CHARS, 'The client was at home and we went through the plan together. ');

describe('a busy case: a thousand of the largest notes', () => {
  let sys: TestSystem;
  let id: string | undefined;
  before(async () => {
    // A low history limit, so the case also rolls over into a new run once it changes phase.
    sys = await startSystem({ definitions: [dailyCase], clock: 'time-skipping', historyLimit: 1000 });
  });
  after(async () => {
    // The time-skipping server is shared: a case left running, with no worker, would hold its clock.
    const handle = id ? sys.env.client.workflow.getHandle(id) : undefined;
    if (handle && (await handle.describe()).status.name === 'RUNNING') await handle.terminate('the test is over');
    await sys?.stop();
  });

  it('answers a command and fires its follow-up after 1,000 notes, and sends nothing over 256 KB', async function () {
    this.timeout(240_000);
    id = await toAssessment(sys, 'daily-case');
    await ok(sys, `/cases/${id}/assessment`, { data: lowRisk });
    await ok(sys, `/cases/${id}/plan`, {});

    let next = 0;
    const lane = async () => {
      for (let i = next++; i < NOTES; i = next++) {
        const res = await sys.http.post(`/cases/${id}/notes`, { text: noteText(i) });
        expect(res.status, `note ${i}: ${JSON.stringify(res.body).slice(0, 300)}`).to.equal(200);
      }
    };
    await Promise.all(Array.from({ length: 4 }, lane));
    const noted = (await sys.http.get(`/cases/${id}`)).body;
    expect(noted.noteCount).to.equal(NOTES);
    expect(noted.phase).to.equal('implementation');

    // The follow-up falls due on the low level's cadence, 28 days on.
    await sys.env.sleep(28 * DAY + 60_000);
    const due = await eventually(async () => {
      const view = (await sys.http.get(`/cases/${id}`)).body;
      expect(view.phase).to.equal('follow_up');
      return view;
    }, 60_000);
    expect(due.followUps[0].madeDueAt).to.be.a('string');
    const recorded = await ok(sys, `/cases/${id}/follow-ups`, { outcome: 'on_track' });
    expect(recorded.phase).to.equal('implementation');
    expect(recorded.noteCount).to.equal(NOTES);
    const trail = types((await sys.http.get(`/cases/${id}/events`)).body);
    expect(trail).to.include.members(['task_due', 'follow_up_due', 'case_continued', 'follow_up_recorded']);
    expect(trail.filter((t) => t === 'note_added')).to.have.length(NOTES);

    const fromHistory = await historyPayloads(sys.env, id);
    const probed = probedPayloads(id);
    // Every kind of sending was seen, so the sizes below cover them.
    const kinds = new Set([...fromHistory, ...probed].map((p) => p.kind));
    expect([...kinds]).to.include.members(['start', 'continue-as-new', 'activity recordCase', 'local activity recordCase', 'answer of addNote', 'answer of recordFollowUp']);
    // Notes sent four at a time may share a workflow task, and so one recording.
    expect(probed.filter((p) => p.kind === 'local activity recordCase').length).to.be.at.least(NOTES / 4);
    const largest = (payloads: SentPayload[]) => payloads.reduce((max, p) => (p.bytes > max.bytes ? p : max));
    expect(largest(fromHistory).bytes, JSON.stringify(largest(fromHistory))).to.be.below(LIMIT_BYTES);
    expect(largest(probed).bytes, JSON.stringify(largest(probed))).to.be.below(LIMIT_BYTES);

    await ok(sys, `/cases/${id}/close`, { reason: 'Done with it' });
    expect(await sys.env.client.workflow.getHandle(id).result()).to.include({ caseId: id });
  });
});
