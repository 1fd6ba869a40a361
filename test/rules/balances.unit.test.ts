import assert from 'node:assert/strict';
import {
  allocateSpend,
  balanceEntrySchema,
  balanceOf,
  balancePolicySchema,
  expire,
  overtimeToTimeOff,
  refund,
  type BalanceEntry,
  type BalancePolicyInput,
} from '../../src/rules/balances/index.js';

function earn(id: string, minutes: number, effectiveOn: string, expiresOn: string | null, employeeId = 'e1'): BalanceEntry {
  return { id, employeeId, kind: 'time_off', type: 'earn', minutes, effectiveOn, expiresOn, sourceKey: id };
}

function created<T extends { status: string }>(outcome: T): Extract<T, { status: 'created' }> {
  assert.equal(outcome.status, 'created', JSON.stringify(outcome));
  return outcome as Extract<T, { status: 'created' }>;
}

const spendReq = (sourceKey: string, minutes: number, effectiveOn: string) => ({
  employeeId: 'e1',
  kind: 'time_off',
  sourceKey,
  minutes,
  effectiveOn,
});

describe('balances: overtime → 调休', () => {
  const policy: BalancePolicyInput = {
    conversion: {
      workday: { convert: true, ratio: 1 },
      restday: { convert: true, ratio: 1.5 },
      holiday: { convert: false, ratio: 0 },
    },
    roundingUnitMinutes: 30,
    expiry: { type: 'months', months: 3 },
  };
  const ot = (minutes: number, dayType: 'workday' | 'restday' | 'holiday' | 'makeup', workDate = '2025-01-15') => ({
    employeeId: 'e1',
    workDate,
    overtimeMinutes: minutes,
    overtimeDayType: dayType,
  });

  it('earns rounded minutes by day type, expiring months after the work date', () => {
    assert.deepEqual(overtimeToTimeOff(ot(95, 'workday'), policy), {
      id: 'ot:e1:2025-01-15',
      employeeId: 'e1',
      kind: 'time_off',
      type: 'earn',
      minutes: 90,
      effectiveOn: '2025-01-15',
      expiresOn: '2025-04-15',
      sourceKey: 'ot:e1:2025-01-15',
    });
    assert.equal(overtimeToTimeOff(ot(100, 'restday'), policy)?.minutes, 150);
    assert.equal(overtimeToTimeOff(ot(80, 'makeup'), policy)?.minutes, 60, 'make-up days convert as workdays');
    assert.equal(overtimeToTimeOff(ot(480, 'holiday'), policy), null, 'holidays are paid, not converted');
    assert.equal(overtimeToTimeOff(ot(29, 'workday'), policy), null, 'rounds down to nothing');
    assert.equal(overtimeToTimeOff(ot(90, 'workday', '2025-01-31'), policy)?.expiresOn, '2025-04-30');
  });

  it('rounds and expires as configured', () => {
    const nearest = { ...policy, rounding: 'nearest' as const, expiry: { type: 'endOfYear' as const } };
    assert.equal(overtimeToTimeOff(ot(45, 'workday'), nearest)?.minutes, 60);
    assert.equal(overtimeToTimeOff(ot(44, 'workday'), nearest)?.minutes, 30);
    assert.equal(overtimeToTimeOff(ot(44, 'workday'), nearest)?.expiresOn, '2025-12-31');
    const up = { ...policy, rounding: 'up' as const, expiry: { type: 'days' as const, days: 30 } };
    assert.equal(overtimeToTimeOff(ot(31, 'workday'), up)?.minutes, 60);
    assert.equal(overtimeToTimeOff(ot(30, 'workday'), up)?.minutes, 30);
    assert.equal(overtimeToTimeOff(ot(30, 'workday'), up)?.expiresOn, '2025-02-14');
    const nextYear = { ...policy, expiry: { type: 'endOfYear' as const, extraYears: 1 } };
    assert.equal(overtimeToTimeOff(ot(30, 'workday'), nextYear)?.expiresOn, '2026-12-31');
    assert.equal(overtimeToTimeOff(ot(30, 'workday'), {})?.expiresOn, null, 'default: never expires');
  });

  it('is idempotent by work date', () => {
    const first = overtimeToTimeOff(ot(95, 'workday'), policy);
    assert.ok(first);
    assert.equal(overtimeToTimeOff(ot(120, 'workday'), policy, [first]), null);
    assert.ok(overtimeToTimeOff(ot(95, 'workday', '2025-01-16'), policy, [first]));
  });

  it('validates the policy', () => {
    assert.equal(balancePolicySchema.safeParse({ conversion: { workday: { convert: true, ratio: -1 } } }).success, false);
    assert.equal(balancePolicySchema.safeParse({ expiry: { type: 'months', months: 0 } }).success, false);
    assert.equal(balancePolicySchema.safeParse({ roundingUnitMinutes: 0 }).success, false);
    assert.deepEqual(balancePolicySchema.parse({}).conversion.holiday, { convert: false, ratio: 0 });
  });
});

describe('balances: spend, refund, expire, balance', () => {
  const lots = [
    earn('a', 120, '2025-01-10', '2025-03-31'),
    earn('b', 60, '2025-01-20', '2025-02-28'),
    earn('c', 100, '2025-01-05', null),
    earn('d', 30, '2025-01-01', '2025-02-28'),
  ];

  it('spends earliest expiry first, then earliest effective', () => {
    const { entry } = created(allocateSpend(lots, spendReq('req:1', 150, '2025-02-10')));
    assert.deepEqual(entry.allocations, [
      { earnEntryId: 'd', minutes: 30 },
      { earnEntryId: 'b', minutes: 60 },
      { earnEntryId: 'a', minutes: 60 },
    ]);
    assert.equal(entry.minutes, -150);
    assert.equal(entry.type, 'spend');
    assert.ok(balanceEntrySchema.safeParse(entry).success);
  });

  it('uses only lots effective and unexpired on the leave day, and says what is missing', () => {
    assert.deepEqual(allocateSpend(lots, spendReq('req:1', 300, '2025-03-15')), {
      status: 'insufficient',
      availableMinutes: 220,
      neededMinutes: 300,
    });
    const early = created(allocateSpend(lots, spendReq('req:2', 200, '2025-01-15')));
    assert.deepEqual(early.entry.allocations, [
      { earnEntryId: 'd', minutes: 30 },
      { earnEntryId: 'a', minutes: 120 },
      { earnEntryId: 'c', minutes: 50 },
    ], 'b is not effective before 2025-01-20');
  });

  it('counts earlier spends and is idempotent by request', () => {
    const first = created(allocateSpend(lots, spendReq('req:1', 250, '2025-02-10'))).entry;
    const ledger = [...lots, first];
    assert.deepEqual(allocateSpend(ledger, spendReq('req:1', 250, '2025-02-10')), { status: 'exists', entry: first });
    assert.deepEqual(allocateSpend(ledger, spendReq('req:2', 61, '2025-02-10')), {
      status: 'insufficient',
      availableMinutes: 60,
      neededMinutes: 61,
    });
    assert.throws(() => allocateSpend(lots, spendReq('req:3', 0, '2025-02-10')), /positive whole number/);
  });

  it('refunds exactly what a revoked request took, once', () => {
    const spend = created(allocateSpend(lots, spendReq('req:1', 150, '2025-02-10'))).entry;
    const before = balanceOf(lots, 'time_off', '2025-02-20');
    const { entry: back } = created(refund([...lots, spend], 'req:1'));
    assert.deepEqual(back.allocations, spend.allocations);
    assert.equal(back.minutes, 150);
    assert.equal(back.sourceKey, 'refund:req:1');
    assert.deepEqual(balanceOf([...lots, spend, back], 'time_off', '2025-02-20'), before);
    assert.equal(refund([...lots, spend, back], 'req:1').status, 'exists');
    assert.equal(refund(lots, 'req:404').status, 'not_found');
  });

  it('expires the unspent remainder once, dated the day after the last usable day', () => {
    const spend = created(allocateSpend(lots, spendReq('req:1', 50, '2025-02-10'))).entry; // d 30, b 20
    const ledger = [...lots, spend];
    assert.deepEqual(expire(ledger, '2025-02-28'), [], 'still usable on its last day');
    const expired = expire(ledger, '2025-03-01');
    assert.deepEqual(expired, [
      {
        id: 'expire:b',
        employeeId: 'e1',
        kind: 'time_off',
        type: 'expire',
        minutes: -40,
        effectiveOn: '2025-03-01',
        expiresOn: null,
        sourceKey: 'expire:b',
        allocations: [{ earnEntryId: 'b', minutes: 40 }],
      },
    ]);
    assert.deepEqual(expire([...ledger, ...expired], '2025-06-01').map((e) => [e.sourceKey, e.minutes]), [['expire:a', -120]]);
    assert.deepEqual(expire([...ledger, ...expired, ...expire([...ledger, ...expired], '2025-06-01')], '2025-06-01'), []);
    // A refund after expiry gives minutes back to lapsed lots; the next run expires them again.
    const back = created(refund([...ledger, ...expired], 'req:1')).entry;
    const again = expire([...ledger, ...expired, back], '2025-03-02');
    assert.deepEqual(again.map((e) => [e.sourceKey, e.minutes]), [['expire:d', -30], ['expire:b#2', -20]]);
  });

  it('reports the balance as of a date, broken down by expiry', () => {
    const spend = created(allocateSpend(lots, spendReq('req:1', 50, '2025-02-10'))).entry;
    const ledger = [...lots, spend];
    assert.deepEqual(balanceOf(ledger, 'time_off', '2025-02-10'), {
      employeeId: 'e1',
      kind: 'time_off',
      asOf: '2025-02-10',
      availableMinutes: 260,
      byExpiry: [
        { expiresOn: '2025-02-28', minutes: 40 },
        { expiresOn: '2025-03-31', minutes: 120 },
        { expiresOn: null, minutes: 100 },
      ],
      lapsedUnrecordedMinutes: 0,
      uncoveredMinutes: 0,
    });
    assert.equal(balanceOf(ledger, 'time_off', '2025-02-09').availableMinutes, 310, 'the spend is dated 02-10');
    const lapsed = balanceOf(ledger, 'time_off', '2025-03-05');
    assert.equal(lapsed.availableMinutes, 220);
    assert.equal(lapsed.lapsedUnrecordedMinutes, 40);
    const recorded = balanceOf([...ledger, ...expire(ledger, '2025-03-05')], 'time_off', '2025-03-05');
    assert.equal(recorded.availableMinutes, 220);
    assert.equal(recorded.lapsedUnrecordedMinutes, 0);
    assert.equal(balanceOf(ledger, 'annual', '2025-03-05').availableMinutes, 0);
    assert.throws(() => balanceOf([...lots, earn('x', 10, '2025-01-01', null, 'e2')], 'time_off', '2025-02-01'), /one employee/);
  });

  it('allocates imported debits recorded without allocations, and owes what no lot covers', () => {
    const imported: BalanceEntry = { id: 'imp', employeeId: 'e1', kind: 'time_off', type: 'adjust', minutes: -200, effectiveOn: '2025-02-01', expiresOn: null, sourceKey: 'imp' };
    const b = balanceOf([...lots, imported], 'time_off', '2025-02-01');
    // d 30, b 60, then a 110 of 120, in spending order.
    assert.deepEqual(b.byExpiry, [{ expiresOn: '2025-03-31', minutes: 10 }, { expiresOn: null, minutes: 100 }]);
    const refundOfImported = refund([...lots, { ...imported, type: 'spend', sourceKey: 'req:old' }], 'req:old');
    assert.equal(created(refundOfImported).entry.minutes, 200);
    const tooMuch: BalanceEntry = { ...imported, id: 'imp2', sourceKey: 'imp2', minutes: -400 };
    const owed = balanceOf([...lots, tooMuch], 'time_off', '2025-02-01');
    assert.equal(owed.uncoveredMinutes, 90); // 400 against 310 usable
    assert.equal(owed.availableMinutes, -90);
    assert.deepEqual(allocateSpend([...lots, tooMuch], spendReq('req:9', 10, '2025-02-01')), {
      status: 'insufficient',
      availableMinutes: 0,
      neededMinutes: 10,
    });
  });

  it('validates entries', () => {
    const ok = earn('z', 10, '2025-01-01', null);
    assert.ok(balanceEntrySchema.safeParse(ok).success);
    assert.equal(balanceEntrySchema.safeParse({ ...ok, minutes: -10 }).success, false);
    assert.equal(balanceEntrySchema.safeParse({ ...ok, type: 'spend' }).success, false);
    assert.equal(balanceEntrySchema.safeParse({ ...ok, type: 'spend', minutes: -10, allocations: [{ earnEntryId: 'q', minutes: 9 }] }).success, false);
    assert.equal(balanceEntrySchema.safeParse({ ...ok, type: 'refund' }).success, false, 'a refund names its lots');
    assert.equal(balanceEntrySchema.safeParse({ ...ok, type: 'adjust', minutes: 0 }).success, false);
    assert.throws(() => balanceOf([{ ...ok, type: 'spend', minutes: -5, allocations: [{ earnEntryId: 'nope', minutes: 5 }] }], 'time_off', '2025-02-01'), /unknown lot nope/);
  });
});
