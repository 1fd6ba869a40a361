import assert from 'node:assert/strict';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Command } from 'commander';
import {
  evaluateCasesText,
  explainCasesText,
  parseCasesText,
  readCasesFile,
  registerRulesCommands,
} from '../../src/cli/commands/rules.js';
import { CliError } from '../../src/errors.js';
import type { DayResult } from '../../src/rules/index.js';
import { at, officeDay } from './fixtures.js';

const good = officeDay({ punches: [at('08:58'), at('18:03')] });
const late = officeDay({ punches: [at('09:10'), at('18:03')] });

function expectCliError(fn: () => unknown, pattern: RegExp): void {
  assert.throws(fn, (err: unknown) => {
    assert.ok(err instanceof CliError);
    assert.equal(err.exitCode, 2);
    assert.match(err.message, pattern);
    return true;
  });
}

describe('cli: rules eval / explain core', () => {
  it('evaluates one case to one result', () => {
    const r = evaluateCasesText(JSON.stringify(good)) as DayResult;
    assert.equal(Array.isArray(r), false);
    assert.equal(r.status, 'normal');
    assert.equal(r.workedMinutes, 480);
  });

  it('evaluates an array in the same order', () => {
    const r = evaluateCasesText(JSON.stringify([late, good])) as DayResult[];
    assert.deepEqual(r.map((x) => x.status), ['exception', 'normal']);
  });

  it('names the case index and the field path of a malformed case', () => {
    const bad = { ...good, shift: { segments: [{ start: '9am', end: '18:00' }] } };
    expectCliError(() => evaluateCasesText(JSON.stringify([good, good, good, bad])), /^case 3: shift\.segments\.0\.start: expected HH:MM$/);
    expectCliError(() => evaluateCasesText(JSON.stringify({ ...good, timezone: 'Mars/Base' })), /^case 0: timezone: expected an IANA timezone$/);
    expectCliError(() => evaluateCasesText(JSON.stringify([good, { ...good, requests: [{ type: 'leave', start: at('09:00'), status: 'approved' }] }])), /case 1: requests\.0\.end/);
    expectCliError(() => parseCasesText(JSON.stringify([good, 7])), /^case 1: \(root\)/);
  });

  it('rejects JSON syntax errors', () => {
    expectCliError(() => evaluateCasesText('{"date": '), /^invalid JSON/);
  });

  it('explains checkpoints, totals and reasons for a person', () => {
    const text = explainCasesText(JSON.stringify(late));
    assert.match(text, /2026-03-02 workday: exception/);
    assert.match(text, /kind\s+expected\s+actual\s+result\s+minutes/);
    assert.match(text, /in\s+09:00\s+09:10\s+late\s+10/);
    assert.match(text, /late: 1 \(10 min/);
    assert.match(text, /- in punch 09:10 is 10 min after 09:00/);
  });

  describe('files', () => {
    let dir = '';
    before(async () => {
      dir = await mkdtemp(join(tmpdir(), 'rules-cli-'));
    });
    after(async () => rm(dir, { recursive: true, force: true }));

    it('a missing file is a usage error', async () => {
      await assert.rejects(readCasesFile(join(dir, 'nope.json')), (err: unknown) => err instanceof CliError && err.exitCode === 2);
    });

    it('rules eval prints the results as JSON', async () => {
      const file = join(dir, 'cases.json');
      await writeFile(file, JSON.stringify([good]));
      const program = new Command().exitOverride();
      registerRulesCommands(program);
      const written: string[] = [];
      const original = process.stdout.write.bind(process.stdout);
      process.stdout.write = ((chunk: string) => {
        written.push(chunk);
        return true;
      }) as typeof process.stdout.write;
      try {
        await program.parseAsync(['node', 'cli', 'rules', 'eval', file]);
      } finally {
        process.stdout.write = original;
      }
      const out = JSON.parse(written.join('')) as DayResult[];
      assert.equal(out[0]?.status, 'normal');
      assert.equal(written.join(''), `${JSON.stringify(out, null, 2)}\n`);
    });
  });
});
