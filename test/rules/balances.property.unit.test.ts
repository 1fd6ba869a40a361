import assert from 'node:assert/strict';
import fc from 'fast-check';
import { addDays } from '../../src/rules/calendar/index.js';
import {
  allocateSpend,
  balanceEntrySchema,
  balanceOf,
  expire,
  refund,
  replay,
  type BalanceEntry,
} from '../../src/rules/balances/index.js';

const day = (n: number) => addDays('2025-01-01', n);

const earnArb = fc.record({
  minutes: fc.integer({ min: 1, max: 600 }),
  effective: fc.integer({ min: 0, max: 60 }),
  life: fc.option(fc.integer({ min: 0, max: 90 }), { nil: null }),
});

function earns(specs: { minutes: number; effective: number; life: number | null }[]): BalanceEntry[] {
  return specs.map((s, i) => ({
    id: `ot:e1:${i}`,
    employeeId: 'e1',
    kind: 'time_off',
    type: 'earn',
    minutes: s.minutes,
    effectiveOn: day(s.effective),
    expiresOn: s.life === null ? null : day(s.effective + s.life),
    sourceKey: `ot:e1:${i}`,
  }));
}

const opArb = fc.oneof(
  fc.record({ op: fc.constant('spend' as const), minutes: fc.integer({ min: 1, max: 500 }), at: fc.integer({ min: 0, max: 150 }) }),
  fc.record({ op: fc.constant('refund' as const), pick: fc.nat() }),
  fc.record({ op: fc.constant('expire' as const), at: fc.integer({ min: 0, max: 200 }) }),
);

describe('balances: properties', () => {
  it('never goes negative, conserves minutes, and every operation is idempotent', () => {
    fc.assert(
      fc.property(fc.array(earnArb, { maxLength: 8 }), fc.array(opArb, { maxLength: 25 }), (earnSpecs, ops) => {
        const ledger: BalanceEntry[] = earns(earnSpecs);
        const spends: string[] = [];
        ops.forEach((o, i) => {
          const added: BalanceEntry[] = [];
          if (o.op === 'spend') {
            const req = { employeeId: 'e1', kind: 'time_off', sourceKey: `req:${i}`, minutes: o.minutes, effectiveOn: day(o.at) };
            const out = allocateSpend(ledger, req);
            if (out.status === 'created') {
              added.push(out.entry);
              spends.push(req.sourceKey);
              assert.equal(allocateSpend([...ledger, out.entry], req).status, 'exists');
            } else {
              assert.equal(out.status, 'insufficient');
              if (out.status === 'insufficient') assert.ok(out.availableMinutes < out.neededMinutes);
            }
          } else if (o.op === 'refund' && spends.length > 0) {
            const key = spends[o.pick % spends.length]!;
            const out = refund(ledger, key);
            if (out.status === 'created') {
              added.push(out.entry);
              assert.equal(refund([...ledger, out.entry], key).status, 'exists');
            }
          } else if (o.op === 'expire') {
            added.push(...expire(ledger, day(o.at)));
            assert.deepEqual(expire([...ledger, ...added], day(o.at)), []);
          }
          for (const e of added) assert.ok(balanceEntrySchema.safeParse(e).success, JSON.stringify(e));
          ledger.push(...added);
          const state = replay(ledger);
          for (const lot of state.lots.values()) assert.ok(lot.remaining >= 0, `lot ${lot.entry.id} at ${lot.remaining}`);
          const total = ledger.reduce((s, e) => s + e.minutes, 0);
          assert.equal([...state.lots.values()].reduce((s, l) => s + l.remaining, 0), total, 'minutes are conserved');
          for (const at of [0, 30, 90, 200]) assert.ok(balanceOf(ledger, 'time_off', day(at)).availableMinutes >= 0);
          assert.equal(new Set(ledger.map((e) => e.sourceKey)).size, ledger.length, 'one entry per source key');
        });
      }),
      { numRuns: 300 },
    );
  });

  it('a refund restores the exact balance, at every date, as if the request never happened', () => {
    fc.assert(
      fc.property(
        fc.array(earnArb, { minLength: 1, maxLength: 8 }),
        fc.array(fc.record({ minutes: fc.integer({ min: 1, max: 300 }), at: fc.integer({ min: 0, max: 120 }) }), { maxLength: 5 }),
        fc.integer({ min: 1, max: 400 }),
        fc.integer({ min: 0, max: 120 }),
        fc.integer({ min: 0, max: 200 }),
        (earnSpecs, priorSpends, minutes, at, asOf) => {
          const ledger = earns(earnSpecs);
          priorSpends.forEach((p, i) => {
            const out = allocateSpend(ledger, { employeeId: 'e1', kind: 'time_off', sourceKey: `req:p${i}`, minutes: p.minutes, effectiveOn: day(p.at) });
            if (out.status === 'created') ledger.push(out.entry);
          });
          const out = allocateSpend(ledger, { employeeId: 'e1', kind: 'time_off', sourceKey: 'req:x', minutes, effectiveOn: day(at) });
          fc.pre(out.status === 'created');
          if (out.status !== 'created') return;
          const back = refund([...ledger, out.entry], 'req:x');
          assert.equal(back.status, 'created');
          if (back.status !== 'created') return;
          const spentAndRefunded = [...ledger, out.entry, back.entry];
          assert.deepEqual(balanceOf(spentAndRefunded, 'time_off', day(asOf)), balanceOf(ledger, 'time_off', day(asOf)));
          assert.deepEqual(expire(spentAndRefunded, day(asOf)).map((e) => e.minutes), expire(ledger, day(asOf)).map((e) => e.minutes));
        },
      ),
      { numRuns: 300 },
    );
  });
});
