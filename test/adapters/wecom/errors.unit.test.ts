import assert from 'node:assert/strict';
import { classify, wecomErrorTable } from '../../../adapters/wecom/errors.js';
import { wecomApis, wecomDescriptor } from '../../../adapters/wecom/descriptor.js';

describe('wecom errcode classification', () => {
  it('maps the §9 codes to actions', () => {
    assert.equal(classify(0).action, 'ok');
    assert.equal(classify(-1).action, 'retry');
    assert.equal(classify(45009).action, 'rate_limited');
    assert.equal(classify(45033).action, 'rate_limited');
    for (const c of [40014, 42001, 42009, 40001]) assert.equal(classify(c, 'getcheckindata').action, 'refresh_token', String(c));
    for (const c of [60020, 48002, 301023, 301024, 60111, 41001]) assert.equal(classify(c).action, 'fail', String(c));
    for (const c of [301022, 301026, 6000]) assert.equal(classify(c).action, 'retry', String(c));
  });

  it('40001 from gettoken itself fails instead of looping on refresh', () => {
    assert.equal(classify(40001, 'gettoken').action, 'fail');
  });

  it('unknown codes fail and keep the code', () => {
    assert.deepEqual(classify(999_999), { errcode: 999_999, action: 'fail', meaning: 'unknown errcode' });
    assert.ok(Object.values(wecomErrorTable).every((x) => x.meaning.length > 0));
  });

  it('descriptor carries the §8 limits', () => {
    assert.equal(wecomDescriptor.defaultBaseUrl, 'https://qyapi.weixin.qq.com');
    assert.deepEqual([wecomApis.getcheckindata.perMinute, wecomApis.getcheckindata.maxUsers, wecomApis.getcheckindata.maxSpanDays], [600, 100, 30]);
    assert.equal(wecomApis.getcheckin_daydata.perMinute, 100);
    assert.equal(wecomApis.getcorpcheckinoption.perMinute, 60);
    assert.deepEqual([wecomApis.getapprovalinfo.maxSpanDays, wecomApis.getapprovalinfo.maxPageSize], [31, 100]);
    assert.equal(wecomApis.add_checkin_record.maxPageSize, 200);
    assert.equal(wecomApis.setoneuserquota.path, '/cgi-bin/oa/vacation/setoneuserquota');
  });
});
